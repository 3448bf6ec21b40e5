import { describeServiceMigrations } from '@flowline/testing';
import { entities } from './entities';
import { migrations } from './migrations';

describeServiceMigrations(
  { service: 'triggers', entities, migrations, rollback: { keep: 1, tables: ['migrations', 'outbox'] } },
  (db) => {
    it('keeps one submission per org, workflow and idempotency key, and one run per org and event run key', async () => {
      const submission = (org: string, run: string) =>
        db.query(
          `insert into ${db.quoted}.self_serve_submissions (org_id, workflow_identifier, idempotency_key, run_id,
             run_key, request_fingerprint, workflow_version, created_by, created_at)
           values ($1, 'wf', 'k', $2, 'rk', 'f', 1, 'u', now())`,
          [org, run],
        );
      await submission('org_a', 'wfr_1');
      await submission('org_b', 'wfr_2');
      await expect(submission('org_a', 'wfr_3')).rejects.toThrow(/PK_self_serve_submissions/);

      const eventRun = (org: string, run: string) =>
        db.query(
          `insert into ${db.quoted}.event_runs (org_id, run_key, run_id, event_id, workflow_identifier,
             workflow_version, created_at)
           values ($1, 'event:msg_1:wf', $2, 'msg_1', 'wf', 1, now())`,
          [org, run],
        );
      await eventRun('org_a', 'wfr_4');
      await eventRun('org_b', 'wfr_5');
      await expect(eventRun('org_a', 'wfr_6')).rejects.toThrow(/PK_event_runs/);
    });
  },
);
