import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '@flowline/system-runner';

export type Json = Record<string, unknown>;

/**
 * The reference's "deploy with condition" workflow, with its two deploy calls and the URL of its record
 * step pointed at a test sink (the upsert becomes a webhook, so no catalog is needed): trigger →
 * check-env → deploy-prod | deploy-non-prod → record-deployment.
 */
export function deployWithCondition(identifier: string, sinkUrl: string, overrides: Json = {}): Json {
  const file = path.join(
    REPO_ROOT,
    'libs/workflow-schema/src/__fixtures__/reference-deploy-with-condition.json',
  );
  const reference = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: Json[]; connections: Json[] };
  const nodes = reference.nodes.map((node) => {
    const config = node['config'] as Json;
    switch (node['identifier']) {
      case 'deploy-prod':
        return { ...node, config: { ...config, url: `${sinkUrl}/deploy/production` } };
      case 'deploy-non-prod':
        return {
          ...node,
          config: { ...config, url: `${sinkUrl}/deploy/{{ .outputs.trigger.environment }}` },
        };
      case 'record-deployment':
        return {
          ...node,
          config: {
            type: 'WEBHOOK',
            url: `${sinkUrl}/record`,
            method: 'POST',
            body: (config['mapping'] as Json) ?? {},
            synchronized: true,
          },
        };
      default:
        return node;
    }
  });
  return {
    ...reference,
    identifier,
    title: `Deploy ${identifier}`,
    nodes: nodes.map((node) => ({ ...node, ...((overrides[node['identifier'] as string] as Json) ?? {}) })),
  };
}
