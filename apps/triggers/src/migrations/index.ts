import { Initial1764200000000 } from './1764200000000-initial';
import { RunRequests1764200000001 } from './1764200000001-run-requests';

/** Every migration of this service, oldest first. */
export const migrations = [Initial1764200000000, RunRequests1764200000001];
