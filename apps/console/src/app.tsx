import { useEffect, useMemo, useState } from 'react';
import { FlowlineApi } from './api/flowline-api';
import { RunPage } from './pages/run-page';
import { RunsPage } from './pages/runs-page';
import { SignInPage } from './pages/sign-in-page';
import { WorkflowPage } from './pages/workflow-page';
import { WorkflowsPage } from './pages/workflows-page';
import { hrefOf, parseRoute } from './routes';
import { session } from './session';

export function App() {
  const [token, setToken] = useState(session.token());
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onChange = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const api = useMemo(() => (token ? new FlowlineApi(token) : null), [token]);
  const route = parseRoute(hash);

  if (!api) {
    return (
      <SignInPage
        onSignedIn={(fresh) => {
          session.signIn(fresh);
          setToken(fresh);
        }}
      />
    );
  }
  return (
    <>
      <nav className="top">
        <strong>Flowline</strong>
        <a href={hrefOf({ page: 'workflows' })}>Workflows</a>
        <a href={hrefOf({ page: 'runs' })}>Runs</a>
        <button
          className="link"
          onClick={() => {
            session.signOut();
            setToken(null);
          }}
        >
          Sign out
        </button>
      </nav>
      <main>
        {route.page === 'workflows' && <WorkflowsPage api={api} />}
        {route.page === 'workflow' && (
          <WorkflowPage api={api} identifier={route.identifier} version={route.version} />
        )}
        {route.page === 'runs' && (
          <RunsPage
            api={api}
            filters={{ workflow: route.workflow, status: route.status, result: route.result }}
          />
        )}
        {route.page === 'run' && <RunPage key={route.identifier} api={api} identifier={route.identifier} />}
      </main>
    </>
  );
}
