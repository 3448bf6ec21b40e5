import { Type } from 'class-transformer';
import {
  IsDefined,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { EnvelopeMessage } from '../envelope';

export const NODE_DISPATCH_MESSAGE_TYPE = 'NODE_DISPATCHED';

/** The node as the executor needs it: its config with the `{{ }}` templates still in it. */
export class DispatchedNode {
  @IsString() @IsNotEmpty() @MaxLength(60) identifier!: string;
  @IsOptional() @IsString() title?: string;
  @IsObject() config!: Record<string, unknown> & { type: string };
  /** The node's own time limit (`timeoutSeconds` next to `config`), so an executor can bound its call. */
  @IsOptional() @IsInt() @Min(1) timeoutSeconds?: number;
}

/**
 * The template context of DESIGN.md §4 without `secrets`: the executor adds those itself, so secrets
 * never travel on Kafka.
 */
export class DispatchContext {
  @IsObject() outputs!: Record<string, unknown>;
  @IsObject() workflow!: { identifier: string; version: number };
  @IsObject() workflowRun!: { identifier: string; trigger: { by: Record<string, unknown> } };
  @IsObject() workflowNodeRun!: { identifier: string };
  /**
   * The run's chain depth (RunRequestedMessage.chainDepth). An executor that writes entities passes it on
   * so the entity-change event carries it; absent means 0.
   */
  @IsOptional() @IsInt() @Min(0) chainDepth?: number;
}

/**
 * Orchestrator → the executor of one backend (`nodeDispatchTopic(backend)`), keyed by run id. One message
 * per attempt; `idempotencyKey` (`<nodeRunId>:<attempt>`) goes out with the side effect.
 */
export class NodeDispatchMessage extends EnvelopeMessage {
  @Matches(/^wfr_[A-Za-z0-9]{16}$/) runId!: string;
  @Matches(/^wfnr_[A-Za-z0-9]{16}$/) nodeRunId!: string;
  @IsInt() @Min(1) attempt!: number;
  @IsString() @IsNotEmpty() idempotencyKey!: string;
  @IsDefined()
  @ValidateNested()
  @Type(() => DispatchedNode)
  node!: DispatchedNode;
  @IsDefined()
  @ValidateNested()
  @Type(() => DispatchContext)
  context!: DispatchContext;
  /** When the orchestrator gives up waiting (ISO time), so an executor can bound its own call. */
  @IsOptional() @IsString() deadline?: string;
}

export function idempotencyKeyOf(nodeRunId: string, attempt: number): string {
  return `${nodeRunId}:${attempt}`;
}
