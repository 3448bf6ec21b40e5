import { describeServiceMigrations } from '@flowline/testing';
import { entities } from './entities';
import { migrations } from './migrations';

describeServiceMigrations(
  { service: 'executor-github', entities, migrations, rollback: { keep: 0, tables: ['migrations'] } },
  (db) => {
    it('let a GitHub run belong to one node run only', async () => {
      const insert = (nodeRunId: string) =>
        db.query(
          `insert into ${db.quoted}.dispatched_runs (org_id, node_run_id, attempt, run_id, owner, repo, workflow,
             ref, installation_id, github_run_id, status, dispatched_at, created_at, updated_at)
           values ('o', $1, 1, 'wfr_x', 'o', 'r', 'w.yml', 'main', 1, 42, 'WAITING', now(), now(), now())`,
          [nodeRunId],
        );
      await insert('wfnr_1');
      await expect(insert('wfnr_2')).rejects.toThrow('UQ_dispatched_runs_github_run');
    });
  },
);
