import type { DryRun } from '../api/types';
import { JsonBlock } from './json-block';

/** What a dry-run found: the path, and for each node what it would send or where its template failed. */
export function DryRunResult({ dryRun }: { dryRun: DryRun }) {
  return (
    <section className="dry-run" data-testid="dry-run-result">
      <h2>
        Dry-run of version {dryRun.workflow.version}: {dryRun.result}
      </h2>
      <p>
        Path: <strong data-testid="dry-run-path">{dryRun.path.join(' → ')}</strong>
        {dryRun.notReached.length > 0 && (
          <span className="muted"> (not reached: {dryRun.notReached.join(', ')})</span>
        )}
      </p>
      {dryRun.nodes.map((node) => (
        <details key={node.identifier} open={node.result === 'FAILED'}>
          <summary>
            {node.identifier} · {node.type} · {node.result}
            {node.selectedOption !== undefined && ` · option ${node.selectedOption ?? 'none (fallback)'}`}
          </summary>
          {node.error && (
            <p className="error">
              {node.error.path ?? node.identifier}
              {node.error.expression !== null && <code> {`{{ ${node.error.expression} }}`}</code>}:{' '}
              {node.error.message}
            </p>
          )}
          {node.request && <JsonBlock title="Would send" value={node.request} />}
        </details>
      ))}
    </section>
  );
}
