import type { FlowlineApi } from '../api/flowline-api';
import type { DryRunNode, NodeRun } from '../api/types';
import { ApprovalPanel } from './approval-panel';
import { JsonBlock } from './json-block';

interface NodeRunPanelProps {
  api: FlowlineApi;
  runId: string;
  nodeRun: NodeRun;
  rendered?: DryRunNode;
  /** After an approval decision: read the run again. */
  onChanged: () => void;
}

/**
 * One node run: status, its approval (an INPUT node), its config rendered from the run's data (secrets
 * by name), output, attempts, logs.
 */
export function NodeRunPanel({ api, runId, nodeRun, rendered, onChanged }: NodeRunPanelProps) {
  return (
    <div data-testid="node-run-panel">
      <h2>{nodeRun.nodeTitle ?? nodeRun.node.identifier}</h2>
      <p>
        {nodeRun.nodeConfigType} · {nodeRun.status}
        {nodeRun.result ? ` · ${nodeRun.result}` : ''} · <code>{nodeRun.identifier}</code>
      </p>
      {nodeRun.approval && (
        <ApprovalPanel
          // A fresh panel (empty field, no old error) for each node run.
          key={nodeRun.identifier}
          api={api}
          runId={runId}
          nodeRunId={nodeRun.identifier}
          approval={nodeRun.approval}
          onDecided={onChanged}
        />
      )}
      {rendered?.request && <JsonBlock title="Rendered config (secrets by name)" value={rendered.request} />}
      <JsonBlock title="Output" value={nodeRun.output} />
      <h4>Attempts</h4>
      <ol className="attempts">
        {(nodeRun.attempts ?? []).map((attempt) => (
          <li key={attempt.attempt}>
            #{attempt.attempt} {attempt.result ?? attempt.status} · {attempt.startedAt ?? '?'} →{' '}
            {attempt.completedAt ?? '…'}
            {attempt.error && <div className="error">{attempt.error}</div>}
          </li>
        ))}
      </ol>
      <h4>Logs</h4>
      <ul className="logs">
        {nodeRun.nodeRunLogs.map((line, index) => (
          <li key={index} className={`log-${line.logLevel.toLowerCase()}`}>
            <span className="muted">{line.createdAt}</span> {line.logLevel} {line.log}
          </li>
        ))}
      </ul>
    </div>
  );
}
