import { type ActionEntity } from './action.entity';

/** An action as Port answers it: the definition as written, with its server fields. */
export function toActionView(row: ActionEntity) {
  return {
    ...row.definition,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}
