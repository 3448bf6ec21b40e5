import {
  ArrayNotEmpty,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { IsJsonObjectValue } from '../json-values';
import { MayBeOmitted } from '../simple-validator';
import { UserInputs } from '../user-inputs/user-inputs';

/** Button labels: 1-15 characters with no leading or trailing space (reference §3). */
const NO_EDGE_SPACES = /^\S(.*\S)?$/s;
const EDGE_SPACES_MESSAGE = '$property must not start or end with a space';

/** Started from the portal's form or `POST /v1/workflows/{id}/runs`; its output is the inputs object. */
export class SelfServeTriggerConfig {
  @Equals('SELF_SERVE_TRIGGER')
  type!: 'SELF_SERVE_TRIGGER';

  @ValidateNested()
  @Type(() => UserInputs)
  @IsObject()
  userInputs!: UserInputs;

  // Stored and ignored: custom button text is unsupported in the beta (reference §3).
  @MayBeOmitted()
  @Matches(NO_EDGE_SPACES, { message: EDGE_SPACES_MESSAGE })
  @Length(1, 15)
  @IsString()
  actionCardButtonText?: string;

  @MayBeOmitted()
  @Matches(NO_EDGE_SPACES, { message: EDGE_SPACES_MESSAGE })
  @Length(1, 15)
  @IsString()
  executeActionButtonText?: string;

  /** [L] Unpublished triggers cannot be run. Defaults to true. */
  @MayBeOmitted()
  @IsBoolean()
  published?: boolean;

  /** [L] `{ roles, users, teams, policy }`: stored; enforcement is the triggers service's choice. */
  @MayBeOmitted()
  @IsJsonObjectValue()
  permissions?: Record<string, unknown>;
}

/**
 * The catalog events a workflow can start from (reference §4), and Flowline's extension: changes of an
 * action's runs (Port's automations on RUN_CREATED / RUN_UPDATED / ANY_RUN_CHANGE), keyed on
 * `actionIdentifier`.
 */
export const RUN_EVENT_TYPES = ['RUN_CREATED', 'RUN_UPDATED', 'ANY_RUN_CHANGE'] as const;
export const EVENT_TYPES = [
  'ENTITY_CREATED',
  'ENTITY_UPDATED',
  'ENTITY_DELETED',
  'ANY_ENTITY_CHANGE',
  'TIMER_EXPIRED',
  ...RUN_EVENT_TYPES,
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export function isRunEventType(type: unknown): boolean {
  return (RUN_EVENT_TYPES as readonly unknown[]).includes(type);
}

export class EntityEvent {
  @IsIn(EVENT_TYPES, { message: `$property must be one of ${EVENT_TYPES.join(', ')}` })
  type!: EventType;

  /** The blueprint whose entities' changes fire the trigger; not for run events. */
  @ValidateIf((event: EntityEvent) => !isRunEventType(event.type))
  @MaxLength(100)
  @IsNotEmpty()
  @IsString()
  blueprintIdentifier!: string;

  /** Run events: the action whose runs' changes fire the trigger. */
  @ValidateIf((event: EntityEvent) => isRunEventType(event.type) || event.actionIdentifier !== undefined)
  @MaxLength(100)
  @IsNotEmpty({ message: 'actionIdentifier is required for run events' })
  @IsString({ message: 'actionIdentifier is required for run events' })
  actionIdentifier?: string;

  /** The timer property, required for TIMER_EXPIRED. */
  @ValidateIf(
    (event: EntityEvent) => event.type === 'TIMER_EXPIRED' || event.propertyIdentifier !== undefined,
  )
  @IsNotEmpty({ message: 'propertyIdentifier is required for TIMER_EXPIRED' })
  @IsString({ message: 'propertyIdentifier is required for TIMER_EXPIRED' })
  propertyIdentifier?: string;
}

/** Bare JQ over the raw event object; `and` needs every expression true, `or` any (reference §4). */
export class JqCondition {
  @Equals('JQ')
  type!: 'JQ';

  @IsNotEmpty({ each: true })
  @IsString({ each: true })
  @ArrayNotEmpty()
  @IsArray()
  expressions!: string[];

  /** Normalisation fills in `and` when omitted. */
  @MayBeOmitted()
  @IsIn(['and', 'or'])
  combinator!: 'and' | 'or';
}

export class EventTriggerConfig {
  @Equals('EVENT_TRIGGER')
  type!: 'EVENT_TRIGGER';

  @ValidateNested()
  @Type(() => EntityEvent)
  @IsObject()
  event!: EntityEvent;

  @MayBeOmitted()
  @ValidateNested()
  @Type(() => JqCondition)
  @IsObject()
  condition?: JqCondition;

  @MayBeOmitted()
  @IsBoolean()
  published?: boolean;
}
