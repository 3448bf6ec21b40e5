import { OutboxEntry } from '@flowline/nest-database';
import { ActionRunFieldsEntity, ActionRunLogEntity } from './action-runs/action-run.entity';
import { ApprovalDecisionEntity, ApprovalEntity } from './approvals/approval.entity';
import { ProcessedMessageEntity } from './messaging/processed-message.entity';
import { NodeRunAttemptEntity, NodeRunEntity, NodeRunLogEntity } from './runs/node-run.entity';
import { RunEntity } from './runs/run.entity';
import { NodeRunTimerEntity } from './timers/node-run-timer.entity';

/** Every table this service maps; the migrations in ./migrations create exactly these. */
export const entities = [
  OutboxEntry,
  ProcessedMessageEntity,
  RunEntity,
  NodeRunEntity,
  NodeRunLogEntity,
  NodeRunAttemptEntity,
  NodeRunTimerEntity,
  ActionRunFieldsEntity,
  ActionRunLogEntity,
  ApprovalEntity,
  ApprovalDecisionEntity,
];
