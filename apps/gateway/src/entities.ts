import { ApiClient } from './api-clients/api-client.entity';
import { RateLimitWindow } from './rate-limits/rate-limit-window.entity';

/** Every TypeORM entity of this service. */
export const entities = [ApiClient, RateLimitWindow];
