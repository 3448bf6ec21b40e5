import { Initial1764100000000 } from './1764100000000-initial';
import { Runs1764100000001 } from './1764100000001-runs';
import { DurableExecution1764100000002 } from './1764100000002-durable-execution';
import { Approvals1764100000003 } from './1764100000003-approvals';
import { RunTrace1764100000004 } from './1764100000004-run-trace';
import { ActionRuns1766900000000 } from './1766900000000-action-runs';
import { LeanIndexes1767700000000 } from './1767700000000-lean-indexes';

/** Every migration of this service, oldest first. */
export const migrations = [
  Initial1764100000000,
  Runs1764100000001,
  DurableExecution1764100000002,
  Approvals1764100000003,
  RunTrace1764100000004,
  ActionRuns1766900000000,
  LeanIndexes1767700000000,
];
