import { useState } from 'react';
import type { FlowlineApi } from '../api/flowline-api';
import type { Approval } from '../api/types';
import { approverEntries, decisionProblemText, isWaitingForApproval, quorumText } from './approval';

interface ApprovalPanelProps {
  api: FlowlineApi;
  runId: string;
  nodeRunId: string;
  approval: Approval;
  /** Called after a decision was counted, so the page reads the run again. */
  onDecided: () => void;
}

/** An INPUT node run's approval: who may decide, the quorum, the decisions so far, and Approve / Decline. */
export function ApprovalPanel({ api, runId, nodeRunId, approval, onDecided }: ApprovalPanelProps) {
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const waiting = isWaitingForApproval(approval);

  async function decide(status: 'APPROVE' | 'DECLINE') {
    setProblem(null);
    setSending(true);
    try {
      await api.decideApproval(runId, nodeRunId, {
        status,
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      setDescription('');
      onDecided();
    } catch (refused) {
      setProblem(decisionProblemText(refused));
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="approval" data-testid="approval">
      <h4>
        Approval · <span data-testid="approval-status">{approval.status}</span>
      </h4>
      {approval.description && <p>{approval.description}</p>}
      <p>
        Approvers: {approverEntries(approval.approvers).join(', ') || 'none'} · {quorumText(approval.quorum)}
        {approval.timeoutAt && ` · times out ${approval.timeoutAt}`}
      </p>
      <ul className="decisions" data-testid="approval-decisions">
        {approval.decisions.length === 0 && <li className="muted">No decisions yet.</li>}
        {approval.decisions.map((decision) => (
          <li key={`${decision.by.userId}-${decision.at}`}>
            {decision.decision} by {decision.by.email ?? decision.by.userId}{' '}
            <span className="muted">{decision.at}</span>
            {decision.description && <> — {decision.description}</>}
          </li>
        ))}
      </ul>
      {waiting && (
        <div className="controls">
          <input
            name="approval-description"
            placeholder="Description (optional)"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
          <button data-testid="approve" disabled={sending} onClick={() => decide('APPROVE')}>
            Approve
          </button>
          <button data-testid="decline" disabled={sending} onClick={() => decide('DECLINE')}>
            Decline
          </button>
        </div>
      )}
      {problem && (
        <p className="error" role="alert" data-testid="approval-error">
          {problem}
        </p>
      )}
    </div>
  );
}
