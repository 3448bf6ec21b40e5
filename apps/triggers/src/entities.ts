import { OutboxEntry } from '@flowline/nest-database';
import { EventRunEntity, SelfServeSubmissionEntity } from './run-requests/run-request.entities';

/** Every table this service maps; the migrations in ./migrations create exactly these. */
export const entities = [OutboxEntry, SelfServeSubmissionEntity, EventRunEntity];
