/** The console's pages, addressed by the URL's hash so the gateway serves one page for all of them. */
export type Route =
  | { page: 'workflows' }
  | { page: 'workflow'; identifier: string; version?: number }
  | { page: 'runs'; workflow?: string; status?: string; result?: string }
  | { page: 'run'; identifier: string };

export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (segments[0] === 'workflows' && segments[1]) {
    const version = Number(params.get('version'));
    return { page: 'workflow', identifier: segments[1], ...(version > 0 ? { version } : {}) };
  }
  if (segments[0] === 'runs' && segments[1]) return { page: 'run', identifier: segments[1] };
  if (segments[0] === 'runs') {
    return {
      page: 'runs',
      workflow: params.get('workflow') ?? undefined,
      status: params.get('status') ?? undefined,
      result: params.get('result') ?? undefined,
    };
  }
  return { page: 'workflows' };
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'workflows':
      return '#/workflows';
    case 'workflow':
      return `#/workflows/${encodeURIComponent(route.identifier)}${route.version ? `?version=${route.version}` : ''}`;
    case 'run':
      return `#/runs/${encodeURIComponent(route.identifier)}`;
    case 'runs': {
      const params = new URLSearchParams();
      if (route.workflow) params.set('workflow', route.workflow);
      if (route.status) params.set('status', route.status);
      if (route.result) params.set('result', route.result);
      const query = params.toString();
      return `#/runs${query ? `?${query}` : ''}`;
    }
  }
}
