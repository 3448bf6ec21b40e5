import { type SubmittedRun, toSubmittedRunView } from './submitted-run';

const run: SubmittedRun = {
  runId: 'wfr_aaaaaaaaaaaaaaaa',
  workflow: { identifier: 'deploy', version: 3 },
  createdBy: 'alice',
  replayed: false,
  creation: { state: 'confirmed', status: 'IN_PROGRESS', result: null },
};
const now = new Date('2026-01-28T10:00:00.000Z');

describe('the 201 body of a self-service run', () => {
  it("is the orchestrator's view of the run when there is one", () => {
    const snapshot = {
      identifier: 'wfr_aaaaaaaaaaaaaaaa',
      status: 'COMPLETED',
      result: 'SUCCESS',
      nodeRuns: [{ identifier: 'wfnr_bbbbbbbbbbbbbbbb' }],
      variables: { outputs: { trigger: { env: 'prod' } } },
      createdAt: '2026-01-28T09:59:59.000Z',
      updatedAt: '2026-01-28T10:00:00.000Z',
      completedAt: '2026-01-28T10:00:00.000Z',
    };
    expect(toSubmittedRunView(run, snapshot, now)).toEqual({
      ...snapshot,
      workflow: { identifier: 'deploy', version: 3 },
      workflowVersionId: 3,
      createdBy: 'alice',
    });
  });

  it('has the same fields, from what the triggers service knows, without one', () => {
    expect(toSubmittedRunView(run, undefined, now)).toEqual({
      identifier: 'wfr_aaaaaaaaaaaaaaaa',
      status: 'IN_PROGRESS',
      result: null,
      workflow: { identifier: 'deploy', version: 3 },
      workflowVersionId: 3,
      createdBy: 'alice',
      nodeRuns: [],
      variables: { outputs: null },
      createdAt: '2026-01-28T10:00:00.000Z',
      updatedAt: '2026-01-28T10:00:00.000Z',
      completedAt: null,
    });
    expect(toSubmittedRunView({ ...run, creation: { state: 'pending' } }, undefined, now).status).toBe(
      'PENDING',
    );
  });
});
