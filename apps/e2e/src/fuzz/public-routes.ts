/**
 * Every public route of every service behind the gateway, with `:params` to fill. `body` says whether the
 * route reads a JSON body. Kept by hand beside the controllers: a new route belongs here too.
 */
export interface PublicRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body: boolean;
  /** Sent without a token (the gateway's own token endpoint). */
  anonymous?: boolean;
}

export const PUBLIC_ROUTES: readonly PublicRoute[] = [
  // gateway
  { method: 'POST', path: '/v1/auth/access_token', body: true, anonymous: true },
  // workflows
  { method: 'POST', path: '/v1/workflows', body: true },
  { method: 'GET', path: '/v1/workflows', body: false },
  { method: 'GET', path: '/v1/workflows/:workflow', body: false },
  { method: 'PUT', path: '/v1/workflows/:workflow', body: true },
  { method: 'DELETE', path: '/v1/workflows/:workflow', body: false },
  { method: 'GET', path: '/v1/workflows/:workflow/nodes/:node', body: false },
  { method: 'GET', path: '/v1/workflows/:workflow/versions', body: false },
  { method: 'GET', path: '/v1/workflows/:workflow/versions/:version', body: false },
  { method: 'GET', path: '/v1/workflows/:workflow/nodes/:node/permissions', body: false },
  { method: 'POST', path: '/v1/workflows/:workflow/nodes/:node/permissions', body: true },
  { method: 'PATCH', path: '/v1/workflows/:workflow/nodes/:node/permissions', body: true },
  { method: 'DELETE', path: '/v1/workflows/:workflow/nodes/:node/permissions', body: false },
  { method: 'GET', path: '/v1/secrets', body: false },
  { method: 'PUT', path: '/v1/secrets/:secret', body: true },
  { method: 'DELETE', path: '/v1/secrets/:secret', body: false },
  // catalog
  { method: 'POST', path: '/v1/blueprints', body: true },
  { method: 'GET', path: '/v1/blueprints', body: false },
  { method: 'GET', path: '/v1/blueprints/:blueprint', body: false },
  { method: 'PUT', path: '/v1/blueprints/:blueprint', body: true },
  { method: 'PATCH', path: '/v1/blueprints/:blueprint', body: true },
  { method: 'DELETE', path: '/v1/blueprints/:blueprint', body: false },
  { method: 'POST', path: '/v1/blueprints/:blueprint/entities', body: true },
  { method: 'GET', path: '/v1/blueprints/:blueprint/entities', body: false },
  { method: 'POST', path: '/v1/blueprints/:blueprint/entities/search', body: true },
  { method: 'GET', path: '/v1/blueprints/:blueprint/entities/:entity', body: false },
  { method: 'PATCH', path: '/v1/blueprints/:blueprint/entities/:entity', body: true },
  { method: 'DELETE', path: '/v1/blueprints/:blueprint/entities/:entity', body: false },
  // triggers
  { method: 'POST', path: '/v1/workflows/:workflow/runs', body: true },
  // orchestrator
  { method: 'GET', path: '/v1/workflows/runs', body: false },
  { method: 'GET', path: '/v1/workflows/runs/:run', body: false },
  { method: 'PATCH', path: '/v1/workflows/nodes/runs/:nodeRun', body: true },
  { method: 'PATCH', path: '/v1/workflows/runs/:run/nodes/:nodeRun', body: true },
  { method: 'POST', path: '/v1/workflows/runs/:run/cancel', body: true },
  { method: 'POST', path: '/v1/workflows/runs/:run/rerun', body: true },
  { method: 'POST', path: '/v1/workflows/runs/:run/retry', body: true },
  { method: 'POST', path: '/v1/workflows/:workflow/dry-run', body: true },
  { method: 'POST', path: '/v1/workflows/runs/claim-pending', body: true },
  { method: 'POST', path: '/v1/org/:org/workflows/runs/claim-pending', body: true },
  { method: 'PATCH', path: '/v1/workflows/runs/ack', body: true },
  { method: 'PATCH', path: '/v1/org/:org/workflows/runs/ack', body: true },
];

/** Ids that exist in the fuzzed org, so some requests reach past the 404s into real data. */
export interface KnownIds {
  workflow: string;
  node: string;
  version: string;
  secret: string;
  blueprint: string;
  entity: string;
  run: string;
  nodeRun: string;
  org: string;
}
