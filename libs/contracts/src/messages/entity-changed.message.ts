import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { EnvelopeMessage } from '../envelope';

/**
 * A catalog entity changed (reference §4): published by the catalog, and by external producers, on
 * `Topics.entityChanged` keyed `orgId/blueprint/entity` (see `entityChangedKey`). The triggers service
 * matches it against EVENT_TRIGGER nodes; the whole event becomes the trigger node's output.
 */
export const ENTITY_CHANGED_MESSAGE_TYPE = 'ENTITY_CHANGED';

export const ENTITY_CHANGE_ACTIONS = ['CREATE', 'UPDATE', 'DELETE', 'TIMER_EXPIRED'] as const;
export type EntityChangeAction = (typeof ENTITY_CHANGE_ACTIONS)[number];

/** Who caused the change; `system` is Flowline itself (e.g. a timer expiring). */
export const ENTITY_CHANGE_ACTOR_KINDS = ['user', 'machine', 'service', 'system'] as const;
export type EntityChangeActorKind = (typeof ENTITY_CHANGE_ACTOR_KINDS)[number];

/** The partition key: all changes of one entity stay in order on one partition. */
export function entityChangedKey(
  orgId: string,
  blueprintIdentifier: string,
  entityIdentifier: string,
): string {
  return `${orgId}/${blueprintIdentifier}/${entityIdentifier}`;
}

/**
 * An entity as the catalog serves it (reference §11 "Catalog model"). Only the identity is required:
 * external producers publish change events too, and may send less than the catalog does.
 */
export class EntitySnapshot {
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  identifier!: string;

  @IsString()
  @IsNotEmpty()
  blueprint!: string;

  @IsOptional()
  @IsString()
  title?: string | null;

  @IsOptional()
  @IsString()
  icon?: string | null;

  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  team?: string[];

  @IsOptional()
  @IsObject()
  properties?: Record<string, unknown>;

  /** Relation identifier → related entity identifier, identifiers, or null. */
  @IsOptional()
  @IsObject()
  relations?: Record<string, string | string[] | null>;

  @IsOptional()
  @IsISO8601({ strict: true })
  createdAt?: string;

  @IsOptional()
  @IsString()
  createdBy?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  updatedAt?: string;

  @IsOptional()
  @IsString()
  updatedBy?: string;
}

export class EntityChangeActor {
  @IsString()
  @IsNotEmpty()
  orgId!: string;

  /** The acting user, machine client or service; absent when Flowline itself acted. */
  @IsOptional()
  @IsString()
  userId?: string;

  @IsOptional()
  @IsIn(ENTITY_CHANGE_ACTOR_KINDS)
  actorKind?: EntityChangeActorKind;
}

export class EntityChangeTrigger {
  @ValidateNested()
  @Type(() => EntityChangeActor)
  by!: EntityChangeActor;

  /** Where the change came from, e.g. `API`, `UI`, `TIMER`. */
  @IsString()
  @IsNotEmpty()
  origin!: string;

  @IsISO8601({ strict: true })
  at!: string;
}

export class EntityChangeContext {
  @IsString()
  @IsNotEmpty()
  blueprintIdentifier!: string;

  @IsString()
  @IsNotEmpty()
  entityIdentifier!: string;

  /** The timer property, for TIMER_EXPIRED; otherwise null or absent. */
  @IsOptional()
  @IsString()
  propertyIdentifier?: string | null;
}

export class EntityDiff {
  @ValidateIf((_, value) => value !== null)
  @ValidateNested()
  @Type(() => EntitySnapshot)
  @IsObject()
  before!: EntitySnapshot | null;

  @ValidateIf((_, value) => value !== null)
  @ValidateNested()
  @Type(() => EntitySnapshot)
  @IsObject()
  after!: EntitySnapshot | null;
}

/** Which sides of the diff each action carries: `true` must be an entity, `false` must be null. */
const DIFF_SIDES: Record<EntityChangeAction, { before: boolean; after: boolean }> = {
  CREATE: { before: false, after: true },
  UPDATE: { before: true, after: true },
  DELETE: { before: true, after: false },
  TIMER_EXPIRED: { before: false, after: true },
};

/** The diff must fit the action: null before on CREATE, null after on DELETE, and so on. */
function DiffFitsAction(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'diffFitsAction',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate(diff: unknown, args: ValidationArguments): boolean {
          const sides = DIFF_SIDES[(args.object as { action: EntityChangeAction }).action];
          if (!sides || diff === null || typeof diff !== 'object') return true; // reported elsewhere
          const { before, after } = diff as { before?: unknown; after?: unknown };
          return (before !== null) === sides.before && (after !== null) === sides.after;
        },
        defaultMessage(args: ValidationArguments): string {
          const action = (args.object as { action: EntityChangeAction }).action;
          const sides = DIFF_SIDES[action];
          const describe = (present: boolean) => (present ? 'an entity' : 'null');
          return `a ${action} diff has ${describe(sides.before)} before and ${describe(sides.after)} after`;
        },
      },
    });
}

export class EntityChangedMessage extends EnvelopeMessage {
  @IsIn(ENTITY_CHANGE_ACTIONS)
  action!: EntityChangeAction;

  @IsIn(['entity'])
  resourceType!: 'entity';

  @ValidateNested()
  @Type(() => EntityChangeTrigger)
  @IsObject()
  trigger!: EntityChangeTrigger;

  @ValidateNested()
  @Type(() => EntityChangeContext)
  @IsObject()
  context!: EntityChangeContext;

  @ValidateNested()
  @Type(() => EntityDiff)
  @IsObject()
  @DiffFitsAction()
  diff!: EntityDiff;

  /**
   * How many workflow-caused writes led to this change (0 for a person's or a timer's). Consumers stop
   * starting runs past a limit, so a workflow that writes the entity that triggers it cannot loop forever.
   */
  @IsOptional()
  @IsInt()
  @Min(0)
  chainDepth?: number;

  /** The action run the write was made for (`?run_id=` on the entity write), so the run can show it. */
  @IsOptional()
  @Matches(/^r_[A-Za-z0-9]{16}$/)
  runId?: string;
}

/** The payload fields of an EntityChangedMessage (everything but the envelope). */
export type EntityChangedPayload = Omit<EntityChangedMessage, 'id' | 'type' | 'occurredAt' | 'orgId'>;
