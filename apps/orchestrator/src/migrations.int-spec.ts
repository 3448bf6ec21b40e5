import { describeServiceMigrations } from '@flowline/testing';
import { entities } from './entities';
import { migrations } from './migrations';

describeServiceMigrations(
  { service: 'orchestrator', entities, migrations, rollback: { keep: 1, tables: ['migrations', 'outbox'] } },
  (db) => {
    it('refuses a second run with the same run key in an org, and a status outside the lifecycle', async () => {
      const insert = (org: string, id: string, key: string, status = 'IN_PROGRESS') =>
        db.query(
          `insert into ${db.quoted}.runs (org_id, identifier, run_key, workflow_identifier, workflow_version,
             allow_anyone_to_view_runs, definition, trigger, chain_depth, status, outputs, created_by,
             created_at, updated_at)
           values ($1, $2, $3, 'wf', 1, true, '{}', '{}', 0, $4, '{}', 'u', now(), now())`,
          [org, id, key, status],
        );
      await insert('org_a', 'wfr_1', 'k');
      await insert('org_b', 'wfr_2', 'k');
      await expect(insert('org_a', 'wfr_3', 'k')).rejects.toThrow(/UQ_runs_run_key/);
      await expect(insert('org_a', 'wfr_4', 'k4', 'DONE')).rejects.toThrow(/CHK_runs_status/);
    });
  },
);
