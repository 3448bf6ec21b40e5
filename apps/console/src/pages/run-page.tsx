import { useEffect, useMemo, useState } from 'react';
import type { FlowlineApi } from '../api/flowline-api';
import type { DryRun, Run, Workflow } from '../api/types';
import { runGraphState } from '../graph/node-states';
import { WorkflowGraph } from '../graph/workflow-graph';
import { hrefOf } from '../routes';
import { NodeRunPanel } from '../run/node-run-panel';
import { useLiveRun } from '../run/use-live-run';

/** A run: the graph of the exact version it used, coloured live, with its node runs and controls. */
export function RunPage({ api, identifier }: { api: FlowlineApi; identifier: string }) {
  const { run, error, live, reload } = useLiveRun(api, identifier);
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [rendered, setRendered] = useState<DryRun | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const pinned = run ? `${run.workflow.identifier}@${run.workflow.version}` : null;

  useEffect(() => {
    if (!run) return;
    api.workflow(run.workflow.identifier, run.workflow.version).then(setWorkflow, () => setWorkflow(null));
  }, [api, pinned]);

  // What each node would send, rendered from this run's own data (secrets by name), once it is over.
  useEffect(() => {
    setRendered(null);
    if (!run || run.status !== 'COMPLETED') return;
    api
      .dryRun(run.workflow.identifier, { fromRunId: run.identifier })
      .then(setRendered, () => setRendered(null));
  }, [api, run?.identifier, run?.status]);

  const state = useMemo(() => (workflow && run ? runGraphState(workflow, run) : undefined), [workflow, run]);

  async function control(action: () => Promise<Run>) {
    setActionError(null);
    try {
      const next = await action();
      if (next.identifier === identifier) reload();
      else window.location.hash = hrefOf({ page: 'run', identifier: next.identifier });
    } catch (problem) {
      setActionError(problem instanceof Error ? problem.message : String(problem));
    }
  }

  if (!run)
    return <section>{error ? <p className="error">{error}</p> : <p className="muted">Loading…</p>}</section>;
  const failed = run.status === 'COMPLETED' && run.result !== 'SUCCESS';
  const failedNode = run.nodeRuns.find((n) => n.status === 'COMPLETED' && n.result === 'FAILED')?.node
    .identifier;
  const nodeRun = [...run.nodeRuns].reverse().find((n) => n.node.identifier === selected);
  return (
    <section>
      <h1>
        Run {run.identifier}{' '}
        <span className={`badge result-${(run.result ?? 'running').toLowerCase()}`} data-testid="run-status">
          {run.status === 'COMPLETED' ? run.result : run.status}
        </span>
        {live && <span className="badge live">live</span>}
      </h1>
      <p className="muted">
        <a
          href={hrefOf({
            page: 'workflow',
            identifier: run.workflow.identifier,
            version: run.workflow.version,
          })}
        >
          {run.workflow.identifier} v{run.workflow.version}
        </a>
        {run.retryOf && (
          <>
            {' '}
            · retry of <a href={hrefOf({ page: 'run', identifier: run.retryOf })}>{run.retryOf}</a>
          </>
        )}
        {run.rerunOf && (
          <>
            {' '}
            · re-run of <a href={hrefOf({ page: 'run', identifier: run.rerunOf })}>{run.rerunOf}</a>
          </>
        )}
        {' · by '}
        {run.createdBy}
      </p>
      <div className="controls">
        {run.status !== 'COMPLETED' && (
          <button data-testid="cancel-run" onClick={() => control(() => api.cancel(run.identifier))}>
            Cancel
          </button>
        )}
        <button data-testid="rerun-same" onClick={() => control(() => api.rerun(run.identifier, 'same'))}>
          Re-run (same version)
        </button>
        <button data-testid="rerun-latest" onClick={() => control(() => api.rerun(run.identifier, 'latest'))}>
          Re-run (latest version)
        </button>
        {failed && (
          <button data-testid="retry-run" onClick={() => control(() => api.retry(run.identifier))}>
            Retry from {failedNode ? `"${failedNode}"` : 'the failed node'}
          </button>
        )}
        {actionError && <span className="error">{actionError}</span>}
      </div>
      <div className="split">
        {workflow ? (
          <WorkflowGraph workflow={workflow} state={state} selected={selected} onSelect={setSelected} />
        ) : (
          <p className="muted">Loading the graph…</p>
        )}
        <aside className="panel">
          {nodeRun ? (
            <NodeRunPanel
              api={api}
              runId={run.identifier}
              nodeRun={nodeRun}
              rendered={rendered?.nodes.find((n) => n.identifier === selected)}
              onChanged={reload}
            />
          ) : (
            <p className="muted">
              {selected ? `"${selected}" did not run.` : 'Select a node to see its node run.'}
            </p>
          )}
        </aside>
      </div>
    </section>
  );
}
