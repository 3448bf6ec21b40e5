import { randomInt } from 'node:crypto';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ID_BODY_LENGTH = 16;

/** Id prefixes of the reference (`wfr_` runs, `wfnr_` node runs) plus our own message ids. */
export const IdPrefixes = {
  workflowRun: 'wfr_',
  workflowNodeRun: 'wfnr_',
  message: 'msg_',
} as const;
export type IdKind = keyof typeof IdPrefixes;

const ID_PATTERNS: Record<IdKind, RegExp> = {
  workflowRun: /^wfr_[A-Za-z0-9]{16}$/,
  workflowNodeRun: /^wfnr_[A-Za-z0-9]{16}$/,
  message: /^msg_[A-Za-z0-9]{16}$/,
};

/** A new id such as `wfr_a1B2c3D4e5F6g7H8`: the kind's prefix and 16 random alphanumerics. */
export function newId(kind: IdKind): string {
  let body = '';
  for (let i = 0; i < ID_BODY_LENGTH; i += 1) body += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return IdPrefixes[kind] + body;
}

export function isId(kind: IdKind, value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERNS[kind].test(value);
}
