import { Injectable } from '@nestjs/common';
import type { Principal } from '@flowline/nest-auth';
import { ApiError } from '@flowline/nest-service';
import { toNodeRunView } from '../runs/run-view';
import { canViewRun } from '../runs/run-visibility';
import { type FoundNodeRun, NodeRunLookup } from './node-run-lookup';

export interface NodeRunReadOptions {
  /** Add the node's config, as pinned in the run's workflow version (`include=nodeConfig`). */
  nodeConfig?: boolean;
}

/** Node runs read on their own, with the run's visibility rules (reference §9.5): not visible is 404. */
@Injectable()
export class NodeRunsService {
  constructor(private readonly lookup: NodeRunLookup) {}

  async get(principal: Principal, identifier: string, options: NodeRunReadOptions = {}) {
    const found = await this.lookup.byIdentifier(principal.orgId, identifier);
    if (!found || !canViewRun(principal, found.run)) throw ApiError.notFound(`node run "${identifier}"`);
    return toView(found, options);
  }

  async byExternalRunId(principal: Principal, externalRunId: string, options: NodeRunReadOptions = {}) {
    const found = await this.lookup.byExternalRunId(principal.orgId, externalRunId);
    return found.filter((one) => canViewRun(principal, one.run)).map((one) => toView(one, options));
  }
}

function toView(found: FoundNodeRun, options: NodeRunReadOptions) {
  const view = toNodeRunView(found.nodeRun, found.logs, found.attempts);
  if (!options.nodeConfig) return view;
  const config = nodeConfigOf(found.run.definition, found.nodeRun.nodeIdentifier);
  return { ...view, config, node: { ...view.node, config } };
}

function nodeConfigOf(definition: Record<string, unknown>, nodeIdentifier: string): unknown {
  const nodes = Array.isArray(definition['nodes']) ? (definition['nodes'] as unknown[]) : [];
  const node = nodes.find(
    (candidate): candidate is { identifier: string; config?: unknown } =>
      typeof candidate === 'object' &&
      candidate !== null &&
      (candidate as { identifier?: unknown }).identifier === nodeIdentifier,
  );
  return node?.config ?? null;
}
