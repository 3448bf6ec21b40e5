import { ApiClient } from './api-clients/api-client.entity';

/** Every TypeORM entity of this service. */
export const entities = [ApiClient];
