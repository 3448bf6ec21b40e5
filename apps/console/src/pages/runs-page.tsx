import { useEffect, useState } from 'react';
import type { FlowlineApi, RunFilters } from '../api/flowline-api';
import type { Run } from '../api/types';
import { hrefOf } from '../routes';

const STATUSES = ['', 'IN_PROGRESS', 'COMPLETED'];
const RESULTS = ['', 'SUCCESS', 'FAILED', 'CANCELLED'];

/** Runs, newest first, filtered by workflow, status and result (the filters live in the URL). */
export function RunsPage({ api, filters }: { api: FlowlineApi; filters: RunFilters }) {
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [workflow, setWorkflow] = useState(filters.workflow ?? '');

  useEffect(() => {
    setRuns(null);
    api.runs(filters).then(setRuns, (problem: Error) => setError(problem.message));
  }, [api, filters.workflow, filters.status, filters.result]);

  const go = (change: RunFilters) => {
    window.location.hash = hrefOf({ page: 'runs', ...filters, ...change });
  };
  return (
    <section>
      <h1>Runs</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          go({ workflow: workflow || undefined });
        }}
      >
        <input
          placeholder="Workflow identifier"
          value={workflow}
          onChange={(e) => setWorkflow(e.target.value)}
        />
        <select value={filters.status ?? ''} onChange={(e) => go({ status: e.target.value || undefined })}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s || 'any status'}
            </option>
          ))}
        </select>
        <select
          value={filters.result ?? ''}
          onChange={(e) => go({ result: e.target.value || undefined })}
          data-testid="result-filter"
        >
          {RESULTS.map((r) => (
            <option key={r} value={r}>
              {r || 'any result'}
            </option>
          ))}
        </select>
        <button type="submit">Filter</button>
      </form>
      {error && <p className="error">{error}</p>}
      {runs === null && !error && <p className="muted">Loading…</p>}
      <table>
        <thead>
          <tr>
            <th>Run</th>
            <th>Workflow</th>
            <th>Status</th>
            <th>Result</th>
            <th>Started</th>
          </tr>
        </thead>
        <tbody>
          {(runs ?? []).map((run) => (
            <tr key={run.identifier} data-testid="run-row">
              <td>
                <a href={hrefOf({ page: 'run', identifier: run.identifier })}>{run.identifier}</a>
              </td>
              <td>
                {run.workflow.identifier} v{run.workflow.version}
              </td>
              <td>{run.status}</td>
              <td className={`result-${(run.result ?? '').toLowerCase()}`}>{run.result ?? '—'}</td>
              <td>{run.createdAt}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
