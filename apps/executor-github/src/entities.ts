import { OutboxEntry } from '@flowline/nest-database';
import { DispatchedRunEntity } from './run-tracking/dispatched-run.entity';

/** Every table this service maps; the migrations in ./migrations create exactly these. */
export const entities = [OutboxEntry, DispatchedRunEntity];
