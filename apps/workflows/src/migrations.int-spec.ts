import { describeServiceMigrations } from '@flowline/testing';
import { entities } from './entities';
import { migrations } from './migrations';

describeServiceMigrations(
  { service: 'workflows', entities, migrations, rollback: { keep: 1, tables: ['migrations', 'outbox'] } },
  (db) => {
    it('refuses to change a stored workflow version', async () => {
      await db.query(
        `insert into ${db.quoted}.workflows (org_id, identifier, latest_version, created_by, created_at)
         values ('o', 'w', 1, 'u', now())`,
      );
      await db.query(
        `insert into ${db.quoted}.workflow_versions (org_id, workflow_identifier, version, definition,
           submitted, created_by, created_at)
         values ('o', 'w', 1, '{}', '{}', 'u', now())`,
      );
      await expect(
        db.query(`update ${db.quoted}.workflow_versions set definition = '{"changed": true}'`),
      ).rejects.toThrow('workflow versions are immutable');
    });
  },
);
