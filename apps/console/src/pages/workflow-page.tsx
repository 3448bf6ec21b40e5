import { useEffect, useState } from 'react';
import { ApiProblem, type FlowlineApi } from '../api/flowline-api';
import type { DryRun, FieldProblem, VersionSummary, Workflow } from '../api/types';
import { WorkflowGraph } from '../graph/workflow-graph';
import { hrefOf } from '../routes';
import { DryRunResult } from '../run/dry-run-result';
import { InputForm } from '../run/input-form';

interface Props {
  api: FlowlineApi;
  identifier: string;
  version?: number;
}

/** One workflow: its versions, the graph of the chosen one, and the form that runs (or dry-runs) it. */
export function WorkflowPage({ api, identifier, version }: Props) {
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [dryRun, setDryRun] = useState<DryRun | null>(null);

  useEffect(() => {
    setWorkflow(null);
    api.workflow(identifier, version).then(setWorkflow, (problem: Error) => setError(problem.message));
    api.versions(identifier).then(setVersions, () => setVersions([]));
  }, [api, identifier, version]);

  function showProblem(problem: unknown) {
    if (problem instanceof ApiProblem && problem.status === 422) setProblems(problem.problems);
    setError(problem instanceof Error ? problem.message : String(problem));
  }

  async function run(inputs: Record<string, unknown>) {
    setError(null);
    setProblems([]);
    try {
      const started = await api.startRun(identifier, inputs);
      window.location.hash = hrefOf({ page: 'run', identifier: started.identifier });
    } catch (problem) {
      showProblem(problem);
    }
  }

  async function tryRun(inputs: Record<string, unknown>) {
    setError(null);
    setProblems([]);
    try {
      setDryRun(await api.dryRun(identifier, { inputs, ...(version ? { version } : {}) }));
    } catch (problem) {
      showProblem(problem);
    }
  }

  if (!workflow)
    return <section>{error ? <p className="error">{error}</p> : <p className="muted">Loading…</p>}</section>;
  return (
    <section>
      <h1>{workflow.title ?? workflow.identifier}</h1>
      <p className="muted">
        {workflow.identifier} ·{' '}
        <label>
          version{' '}
          <select
            data-testid="version-select"
            value={workflow.version ?? ''}
            onChange={(e) => {
              window.location.hash = hrefOf({
                page: 'workflow',
                identifier,
                version: Number(e.target.value),
              });
            }}
          >
            {versions.map((v) => (
              <option key={v.version} value={v.version}>
                {v.version}
              </option>
            ))}
          </select>
        </label>{' '}
        · <a href={hrefOf({ page: 'runs', workflow: identifier })}>runs</a>
      </p>
      <div className="split">
        <WorkflowGraph workflow={workflow} />
        <aside className="panel">
          <h2>Run</h2>
          {error && (
            <p className="error" role="alert" data-testid="form-error">
              {error}
            </p>
          )}
          <InputForm
            workflow={workflow}
            problems={problems}
            submitLabel="Run"
            onSubmit={run}
            onDryRun={tryRun}
          />
        </aside>
      </div>
      {dryRun && <DryRunResult dryRun={dryRun} />}
    </section>
  );
}
