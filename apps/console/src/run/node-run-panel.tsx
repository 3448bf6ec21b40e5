import type { DryRunNode, NodeRun } from '../api/types';
import { JsonBlock } from './json-block';

/** One node run: status, its config rendered from the run's data (secrets by name), output, attempts, logs. */
export function NodeRunPanel({ nodeRun, rendered }: { nodeRun: NodeRun; rendered?: DryRunNode }) {
  return (
    <div data-testid="node-run-panel">
      <h2>{nodeRun.nodeTitle ?? nodeRun.node.identifier}</h2>
      <p>
        {nodeRun.nodeConfigType} · {nodeRun.status}
        {nodeRun.result ? ` · ${nodeRun.result}` : ''} · <code>{nodeRun.identifier}</code>
      </p>
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
