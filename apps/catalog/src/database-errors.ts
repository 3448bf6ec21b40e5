import { ApiError } from '@flowline/nest-service';

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';

export function isPostgresError(error: unknown, code: string): boolean {
  return (error as { driverError?: { code?: string } }).driverError?.code === code;
}

/** Turns one PostgreSQL error code (a race lost to a concurrent writer) into a 409. */
export function conflictOn(code: string, message: string): (error: unknown) => never {
  return (error: unknown) => {
    if (isPostgresError(error, code)) throw ApiError.conflict(message);
    throw error;
  };
}
