import { ApiClients1763800000000 } from './1763800000000-api-clients';
import { RateLimitWindows1765000000000 } from './1765000000000-rate-limit-windows';

/** Every migration of this service, oldest first. */
export const migrations = [ApiClients1763800000000, RateLimitWindows1765000000000];
