import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import {
  IsOnFailure,
  IsOnTimeout,
  OnFailure,
  OnTimeout,
  RetryPolicy,
  WorkflowDefaults,
} from './execution-policy';
import { IsIdentifier } from './identifier';
import { IsNullableStringRecord } from './json-values';
import { NodeConfig, NodeConfigOf, nodeConfigClassFor } from './node-config';
import { NodeType } from './node-types';
import { MayBeOmitted } from './simple-validator';

export class WorkflowNode {
  /** Unique within the workflow; `.outputs.<identifier>` holds the node's output. */
  @IsIdentifier()
  identifier!: string;

  @IsOptional()
  @IsString()
  title?: string | null;

  @IsOptional()
  @IsString()
  icon?: string | null;

  @IsOptional()
  @IsString()
  description?: string | null;

  @ValidateNested()
  @Type((options) => nodeConfigClassFor(options?.object?.config))
  @IsObject()
  config!: NodeConfig;

  /**
   * Templates applied to the raw output after the node runs; a non-empty map replaces the output
   * (reference §8.3). Normalisation fills `{}`.
   */
  @MayBeOmitted()
  @IsNullableStringRecord()
  variables!: Record<string, string | null>;

  /** Action nodes only. */
  @MayBeOmitted()
  @ValidateNested()
  @Type(() => RetryPolicy)
  @IsObject()
  retry?: RetryPolicy;

  /** Action nodes only: how long one attempt may stay in progress. */
  @MayBeOmitted()
  @Min(1)
  @IsInt()
  timeoutSeconds?: number;

  /** Action nodes only. `continue` completes the node with `{ timeout: true }`. */
  @MayBeOmitted()
  @IsOnTimeout()
  onTimeout?: OnTimeout;

  /** Action and condition nodes. `continue` lets the next nodes run after a failure. */
  @MayBeOmitted()
  @IsOnFailure()
  onFailure?: OnFailure;

  /** [L] */
  @MayBeOmitted()
  @IsBoolean()
  verbose?: boolean;

  /** [L] Up to 3 URL templates evaluated when the node run completes. */
  @MayBeOmitted()
  @ArrayMaxSize(3)
  @IsString({ each: true })
  @IsArray()
  links?: string[];
}

/** A node whose config is known to be of one type. */
export type WorkflowNodeOf<T extends NodeType> = WorkflowNode & { config: NodeConfigOf<T> };

export class Connection {
  /** Optional on input (no doc example has one); normalisation generates it when missing. */
  @MayBeOmitted()
  @IsIdentifier()
  identifier!: string;

  @IsNotEmpty()
  @IsString()
  sourceIdentifier!: string;

  @IsNotEmpty()
  @IsString()
  targetIdentifier!: string;

  /** On edges leaving a CONDITION: the option that leads here. */
  @MayBeOmitted()
  @IsNotEmpty()
  @IsString()
  sourceOptionIdentifier?: string;

  /** On an edge leaving a CONDITION: taken when no option matches. */
  @MayBeOmitted()
  @IsBoolean()
  fallback?: boolean;

  @IsOptional()
  @IsString()
  description?: string | null;
}

/** A workflow definition in its canonical form (see normalizeWorkflow). */
export class Workflow {
  @IsIdentifier()
  identifier!: string;

  @IsOptional()
  @IsString()
  title?: string | null;

  @IsOptional()
  @IsString()
  icon?: string | null;

  @IsOptional()
  @IsString()
  description?: string | null;

  /** Run visibility (reference §9.5). Normalisation fills `true`. */
  @MayBeOmitted()
  @IsBoolean()
  allowAnyoneToViewRuns!: boolean;

  /** [L] */
  @IsOptional()
  @IsString()
  category?: string | null;

  @ValidateNested({ each: true })
  @Type(() => WorkflowNode)
  @IsArray()
  nodes!: WorkflowNode[];

  /** Flowline extension: defaults of the nodes' retry, timeoutSeconds, onTimeout and onFailure. */
  @MayBeOmitted()
  @ValidateNested()
  @Type(() => WorkflowDefaults)
  @IsObject()
  defaults?: WorkflowDefaults;

  /** Normalisation fills `[]`. */
  @MayBeOmitted()
  @ValidateNested({ each: true })
  @Type(() => Connection)
  @IsArray()
  connections!: Connection[];
}
