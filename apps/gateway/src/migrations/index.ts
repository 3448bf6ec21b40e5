import { ApiClients1763800000000 } from './1763800000000-api-clients';

/** Every migration of this service, oldest first. */
export const migrations = [ApiClients1763800000000];
