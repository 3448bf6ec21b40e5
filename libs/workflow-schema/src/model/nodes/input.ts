import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Min,
  ValidateNested,
} from 'class-validator';
import { isJsonObject } from '../../json';
import { IsIdentifier } from '../identifier';
import { MayBeOmitted, simpleValidator } from '../simple-validator';

/** The decisions an approver can make, and what an INPUT node run ends with. */
export const APPROVAL_DECISIONS = ['APPROVE', 'DECLINE'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];
/** A decision, or no decision in time (the default outlet is then taken). */
export type ApprovalOutcome = ApprovalDecision | 'TIMEOUT';

export const INPUT_TYPES_OF_INPUT_NODE = ['APPROVAL'] as const;
/** Listed people, roles and teams per approval, at most. */
export const MAX_APPROVERS_PER_KIND = 100;

/** `ANY` (one approver decides), `ALL` (every listed approver) or `{ count: N }` (N distinct approvers). */
export type ApprovalQuorum = 'ANY' | 'ALL' | { count: number };

export const IS_APPROVAL_QUORUM = 'isApprovalQuorum';

export function isApprovalQuorum(value: unknown): value is ApprovalQuorum {
  if (value === 'ANY' || value === 'ALL') return true;
  return (
    isJsonObject(value) &&
    Object.keys(value).length === 1 &&
    Number.isInteger(value.count) &&
    (value.count as number) >= 1
  );
}

export const IsApprovalQuorum = () =>
  simpleValidator(IS_APPROVAL_QUORUM, isApprovalQuorum, 'must be "ANY", "ALL" or { "count": N } with N ≥ 1');

/**
 * Who may decide: users by id or email, and anyone holding one of the roles or belonging to one of the
 * teams (both as the caller's token says).
 */
export class Approvers {
  @MayBeOmitted()
  @ArrayMaxSize(MAX_APPROVERS_PER_KIND)
  @IsNotEmpty({ each: true })
  @IsString({ each: true })
  @IsArray()
  users?: string[];

  @MayBeOmitted()
  @ArrayMaxSize(MAX_APPROVERS_PER_KIND)
  @IsNotEmpty({ each: true })
  @IsString({ each: true })
  @IsArray()
  roles?: string[];

  @MayBeOmitted()
  @ArrayMaxSize(MAX_APPROVERS_PER_KIND)
  @IsNotEmpty({ each: true })
  @IsString({ each: true })
  @IsArray()
  teams?: string[];
}

/** A signed webhook told of the pending decision (through the webhook executor). */
export class ApprovalNotify {
  @IsNotEmpty()
  @IsString()
  url!: string;
}

/** Which connection a decision takes. A decision without an outlet ends that branch. */
export class InputOutlet {
  @IsIn(APPROVAL_DECISIONS, { message: `$property must be one of ${APPROVAL_DECISIONS.join(', ')}` })
  decision!: ApprovalDecision;

  @IsIdentifier()
  connectionIdentifier!: string;
}

/**
 * A human decision as one step of the run: the node run waits (IN_PROGRESS, nothing dispatched) until
 * the quorum of approvers decided, or `timeoutSeconds` passed; then the outlet of the outcome is taken.
 * Decided in the orchestrator, like a CONDITION; normalisation fills `inputType: "APPROVAL"`,
 * `quorum: "ANY"` and `outlets: []`.
 */
export class InputConfig {
  @Equals('INPUT')
  type!: 'INPUT';

  @IsIn(INPUT_TYPES_OF_INPUT_NODE, {
    message: `$property must be one of ${INPUT_TYPES_OF_INPUT_NODE.join(', ')}`,
  })
  inputType!: 'APPROVAL';

  /** Shown to approvers. */
  @IsOptional()
  @IsString()
  description?: string | null;

  @ValidateNested()
  @Type(() => Approvers)
  @IsObject()
  approvers!: Approvers;

  @MayBeOmitted()
  @IsApprovalQuorum()
  quorum!: ApprovalQuorum;

  @MayBeOmitted()
  @Min(1)
  @IsInt()
  timeoutSeconds?: number;

  @MayBeOmitted()
  @ValidateNested()
  @Type(() => ApprovalNotify)
  @IsObject()
  notify?: ApprovalNotify;

  @MayBeOmitted()
  @ValidateNested({ each: true })
  @Type(() => InputOutlet)
  @IsArray()
  outlets!: InputOutlet[];

  /** Taken when `timeoutSeconds` passes without a decision. */
  @MayBeOmitted()
  @IsIdentifier()
  defaultConnectionIdentifier?: string;
}
