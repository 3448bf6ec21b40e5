import { type NodePermissionsDto } from './dto/node-permissions.dto';

export type StoredPermissions = Record<string, unknown>;

/** The permissions exactly as sent: a plain object of the fields given (no undefined keys). */
export function toStoredPermissions(dto: NodePermissionsDto): StoredPermissions {
  return JSON.parse(JSON.stringify(dto)) as StoredPermissions;
}
