import { routeFor } from './route-table';

describe('routeFor', () => {
  it.each([
    ['GET', '/v1/workflows', 'workflows'],
    ['POST', '/v1/workflows', 'workflows'],
    ['GET', '/v1/workflows/', 'workflows'],
    ['GET', '/v1/workflows/deploy-service', 'workflows'],
    ['PUT', '/v1/workflows/deploy-service', 'workflows'],
    ['DELETE', '/v1/workflows/deploy-service', 'workflows'],
    ['GET', '/v1/workflows/deploy-service/nodes/trigger', 'workflows'],
    ['POST', '/v1/workflows/deploy-service/nodes/trigger/permissions', 'workflows'],
    ['GET', '/v1/workflows/deploy-service/runs', 'workflows'],
    ['POST', '/v1/workflows/deploy-service/runs', 'triggers'],
    ['post', '/v1/workflows/deploy-service/runs', 'triggers'],
    ['POST', '/v1/workflows/deploy-service/runs/', 'triggers'],
    ['POST', '/v1/workflows/deploy-service/dry-run', 'orchestrator'],
    ['GET', '/v1/workflows/deploy-service/dry-run', 'workflows'],
    ['GET', '/v1/workflows/runs/wfr_1/events', 'orchestrator'],
    ['POST', '/v1/workflows/deploy-service/runs/dry-run', 'workflows'],
    ['GET', '/v1/workflows/runs', 'orchestrator'],
    ['GET', '/v1/workflows/runs/', 'orchestrator'],
    ['GET', '/v1/workflows/runs/wfr_a1B2c3D4e5F6g7H8', 'orchestrator'],
    ['POST', '/v1/workflows/runs/wfr_a1B2c3D4e5F6g7H8/cancel', 'orchestrator'],
    ['PATCH', '/v1/workflows/runs/wfr_a1B2c3D4e5F6g7H8/nodes/wfnr_a1B2c3D4e5F6g7H8', 'orchestrator'],
    ['PATCH', '/v1/workflows/nodes/runs/wfnr_a1B2c3D4e5F6g7H8', 'orchestrator'],
    ['POST', '/v1/workflows/nodes/runs/claim', 'orchestrator'],
    ['GET', '/v1/workflows/nodes/trigger', 'workflows'],
    ['GET', '/v1/secrets', 'workflows'],
    ['PUT', '/v1/secrets/github-token', 'workflows'],
    ['GET', '/v1/webhook-signing-secret', 'workflows'],
    ['POST', '/v1/webhook-signing-secret/rotate', 'workflows'],
    ['POST', '/v1/entities/search', 'catalog'],
    ['GET', '/v1/workflows/nodes/runs/wfnr_0123456789abcdef', 'orchestrator'],
    ['GET', '/v1/workflows/nodes/runs', 'orchestrator'],
    ['POST', '/v1/workflows/nodes/runs/wfnr_0123456789abcdef/logs', 'orchestrator'],
    ['GET', '/v1/blueprints', 'catalog'],
    ['POST', '/v1/blueprints/service/entities', 'catalog'],
    ['GET', '/v1/blueprints/service/entities/checkout', 'catalog'],
    ['POST', '/v1/org/org_a/workflows/runs/claim-pending', 'orchestrator'],
    ['PATCH', '/v1/org/org_a/workflows/runs/ack', 'orchestrator'],
  ])('%s %s goes to %s', (method, path, service) => {
    expect(routeFor(method, path)).toBe(service);
  });

  it.each([
    ['POST', '/v1/auth/access_token'],
    ['GET', '/internal/secrets/github-token'],
    ['GET', '/internal/v1/workflows'],
    ['GET', '/v1/internal/secrets'],
    ['GET', '/v1/workflowsX'],
    ['GET', '/v1/org/org_a/blueprints'],
    ['GET', '/v1/blueprintsX/service'],
    ['GET', '/V1/workflows'],
    ['GET', '/v1'],
    ['GET', '/v1/'],
    ['GET', '/health/ready'],
    ['GET', '/docs'],
    ['GET', '/v1/workflows/../../internal/secrets'],
    ['GET', '/v1/workflows/%2e%2E/internal'],
    ['GET', '/v1/blueprints/./x'],
    ['GET', '/v1/workflows/x\\..\\..\\..\\internal/secrets'],
    ['GET', '/v1/workflows/x%5C..%5C..%5Cinternal'],
  ])('does not route %s %s', (method, path) => {
    expect(routeFor(method, path)).toBeUndefined();
  });
});
