// A run context of about 2 KB of JSON, shaped like the orchestrator's template context, and the three cases.
const items = [
  'api',
  'web',
  'worker',
  'cron',
  'gateway',
  'billing',
  'search',
  'auth',
  'ledger',
  'notify',
].map((name, i) => ({
  name: `${name.toUpperCase()}-service`,
  status: i % 3 === 0 ? 'stopped' : 'running',
  replicas: (i % 4) + 1,
  image: `registry.example.com/${name}:1.${i}.0`,
  labels: { team: i % 2 ? 'platform' : 'payments', tier: i % 3 ? 'backend' : 'edge' },
}));

const context = {
  outputs: {
    trigger: {
      service: 'svc-a',
      version: '1.2.3',
      environment: 'production',
      replicas: 3,
      deps: '["svc-b"]',
    },
    inventory: { response: { status: 200, data: { total: items.length, items } } },
  },
  secrets: { 'api-token': 'tok_8f2b9c4d1e7a', 'webhook-secret': 'whs_1f0e2d3c4b5a' },
  workflow: { identifier: 'deploy-service', version: 7, title: 'Deploy a service to an environment' },
  workflowRun: { identifier: 'wfr_a1B2c3D4e5F6g7H8', trigger: { by: { email: 'Dev.Person@Example.com' } } },
  workflowNodeRun: { identifier: 'wfnr_Q1w2E3r4T5y6U7i8', attempt: 1, startedAt: '2026-01-28T10:00:00Z' },
};

const template = {
  url: 'https://deploy.example.com/{{ .outputs.trigger.service }}/{{ .outputs.trigger.environment }}',
  headers: { Authorization: 'Bearer {{ .secrets["api-token"] }}', 'X-Run': '{{ .workflowRun.identifier }}' },
  body: {
    version: '{{ .outputs.trigger.version }}',
    replicas: '{{ .outputs.trigger.replicas }}',
    names: '{{ .outputs.inventory.response.data.items | map(.name) }}',
    production: '{{ .outputs.trigger.environment == "production" }}',
    requestedBy: '{{ .workflowRun.trigger.by.email | ascii_downcase }}',
    summary:
      '{{ {service: .outputs.trigger.service, count: (.outputs.inventory.response.data.items | length)} }}',
  },
};

module.exports = {
  context,
  template,
  simplePath: '.outputs.trigger.service',
  selectMap:
    '.outputs.inventory.response.data.items | map(select(.replicas > 1 and .status == "running") | .name)',
};
