import { useEffect, useState } from 'react';
import type { FlowlineApi } from '../api/flowline-api';
import type { Workflow } from '../api/types';
import { hrefOf } from '../routes';

/** Every workflow of the org (latest versions), searchable by identifier and title. */
export function WorkflowsPage({ api }: { api: FlowlineApi }) {
  const [workflows, setWorkflows] = useState<Workflow[] | null>(null);
  const [search, setSearch] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api.workflows().then(setWorkflows, (problem: Error) => setError(problem.message));
  }, [api]);

  const needle = search.trim().toLowerCase();
  const shown = (workflows ?? []).filter(
    (w) =>
      !needle ||
      w.identifier.toLowerCase().includes(needle) ||
      (w.title ?? '').toLowerCase().includes(needle),
  );
  return (
    <section>
      <h1>Workflows</h1>
      <input
        className="search"
        placeholder="Search workflows"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        data-testid="workflow-search"
      />
      {error && <p className="error">{error}</p>}
      {workflows === null && !error && <p className="muted">Loading…</p>}
      <table>
        <thead>
          <tr>
            <th>Workflow</th>
            <th>Title</th>
            <th>Version</th>
            <th>Nodes</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shown.map((workflow) => (
            <tr key={workflow.identifier}>
              <td>
                <a href={hrefOf({ page: 'workflow', identifier: workflow.identifier })}>
                  {workflow.identifier}
                </a>
              </td>
              <td>{workflow.title}</td>
              <td>{workflow.version}</td>
              <td>{workflow.nodes.length}</td>
              <td>
                <a href={hrefOf({ page: 'runs', workflow: workflow.identifier })}>runs</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
