import { IsISO8601, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { newId } from './ids';

/**
 * Every message value is JSON with this envelope and the payload's fields beside it (DESIGN.md §2):
 * `{ id, type, occurredAt, orgId, ...payload }`. `id` makes consumers idempotent; `type` names the
 * message so one topic can carry several kinds.
 */
export interface Envelope {
  id: string;
  type: string;
  occurredAt: string;
  orgId: string;
}

export type Message<TPayload extends object = Record<string, unknown>> = Envelope & TPayload;

/** The class-validator form of the envelope; every message class extends it. */
export class EnvelopeMessage implements Envelope {
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  id!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  type!: string;

  @IsISO8601({ strict: true })
  occurredAt!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  orgId!: string;
}

export function createMessage<TPayload extends object>(
  type: string,
  orgId: string,
  payload: TPayload,
  at: Date = new Date(),
): Message<TPayload> {
  return { ...payload, id: newId('message'), type, occurredAt: at.toISOString(), orgId };
}
