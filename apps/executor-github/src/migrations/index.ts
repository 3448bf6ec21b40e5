import { Initial1764600000000 } from './1764600000000-initial';

/** Every migration of this service, oldest first. */
export const migrations = [Initial1764600000000];
