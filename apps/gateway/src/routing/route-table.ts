/** The services behind the gateway, each reached at its own base URL. */
export const UpstreamServices = ['workflows', 'catalog', 'triggers', 'orchestrator'] as const;
export type UpstreamService = (typeof UpstreamServices)[number];

/**
 * Which service owns a public API path (the path only, without the query string), or undefined when
 * none does: the gateway's own endpoints, unknown paths and `/internal/*` all stay in the gateway.
 *
 * Port's paths overlap: `/v1/workflows/runs*` and `/v1/workflows/nodes/runs*` are runs (orchestrator),
 * `POST /v1/workflows/{id}/runs` starts a run (triggers), `POST /v1/workflows/{id}/dry-run` tries one
 * (orchestrator), the rest of `/v1/workflows*` is definitions.
 * Like Port, a workflow named `runs` cannot be read by identifier. `/v1/actions` splits the same way.
 */
export function routeFor(method: string, path: string): UpstreamService | undefined {
  if (!path.startsWith('/v1/') || /\\|%5c/i.test(path)) return undefined;
  const segments = path.slice('/v1/'.length).split('/');
  // Services do not route strictly: `/v1/workflows/x/runs/` is `/v1/workflows/x/runs` to them.
  if (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
  if (segments.some(isDotSegment)) return undefined;
  const [resource, second, third] = segments;
  switch (resource) {
    case 'workflows':
      if (second === 'runs') return 'orchestrator';
      if (second === 'nodes' && third === 'runs') return 'orchestrator';
      if (method.toUpperCase() === 'POST' && segments.length === 3 && third === 'runs') {
        return 'triggers';
      }
      // Dry-runs use the run engine, which is the orchestrator's.
      if (method.toUpperCase() === 'POST' && segments.length === 3 && third === 'dry-run') {
        return 'orchestrator';
      }
      return 'workflows';
    case 'actions':
      // Action runs are views over workflow runs (orchestrator), their approval and approvers included;
      // starting one is the triggers service's.
      if (second === 'runs') return 'orchestrator';
      if (method.toUpperCase() === 'POST' && segments.length === 3 && third === 'runs') {
        return 'triggers';
      }
      return 'workflows';
    case 'secrets':
    case 'webhook-signing-secret':
      return 'workflows';
    case 'blueprints':
      return 'catalog';
    case 'entities':
      // Port's cross-blueprint search, `POST /v1/entities/search`.
      return 'catalog';
    case 'org':
      // Pull workers' org-scoped paths: `/v1/org/{orgId}/workflows/runs/claim-pending` and `.../runs/ack`.
      return segments[2] === 'workflows' && segments[3] === 'runs' ? 'orchestrator' : undefined;
    default:
      return undefined;
  }
}

// `..` (also percent-encoded) or a backslash could climb out of the routed prefix on a server or proxy
// that normalises paths, e.g. from `/v1/workflows/..` to `/internal/...`.
function isDotSegment(segment: string): boolean {
  const decoded = segment.replace(/%2e/gi, '.');
  return decoded === '.' || decoded === '..';
}
