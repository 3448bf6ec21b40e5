import { Injectable } from '@nestjs/common';
import {
  type ExecutionRequest,
  type ExecutionResult,
  failed,
  type NodeExecutor,
} from '@flowline/executor-runtime';
import { CatalogCallError, CatalogClient } from '../catalog/catalog-client';
import { ExecutorUpsertEntityConfig } from '../executor-upsert-entity.config';
import { catalogCallFailureOutcome, catalogOutcome } from './catalog-outcome';
import { writeChainDepth } from './entity-identifier';
import { parseEntityUpsert } from './entity-upsert';

/** Shortest time a call gets even when the deadline is about to pass. */
const MIN_TIMEOUT_MS = 100;

/**
 * UPSERT_ENTITY nodes (reference §5.3): one upsert through the catalog's API per attempt, with the run's
 * chain depth + 1 so the entity-change event cannot retrigger workflows forever.
 */
@Injectable()
export class UpsertEntityExecutor implements NodeExecutor {
  readonly backend = 'upsert-entity' as const;

  constructor(
    private readonly config: ExecutorUpsertEntityConfig,
    private readonly catalog: CatalogClient,
  ) {}

  async execute(request: ExecutionRequest): Promise<ExecutionResult> {
    const { dispatch } = request;
    const parsed = parseEntityUpsert(request.config, dispatch);
    if (!parsed.ok) {
      const message = `invalid UPSERT_ENTITY config: ${parsed.problems.join('; ')}`;
      return failed({ code: 'INVALID_CONFIG', message, retryable: false });
    }
    const { upsert } = parsed;
    try {
      const response = await this.catalog.upsertEntity({
        orgId: dispatch.orgId,
        blueprint: upsert.blueprint,
        body: upsert.body,
        chainDepth: writeChainDepth(request.context.chainDepth),
        idempotencyKey: request.idempotencyKey,
        runId: dispatch.runId,
        nodeRunId: dispatch.nodeRunId,
        timeoutMs: callTimeoutMs(this.config.CATALOG_TIMEOUT_MS, request),
        signal: request.signal,
      });
      return catalogOutcome(upsert, response);
    } catch (error) {
      if (error instanceof CatalogCallError) return catalogCallFailureOutcome(upsert, error);
      throw error;
    }
  }
}

/** The configured limit, lowered by the node's own timeoutSeconds and the attempt's deadline. */
export function callTimeoutMs(
  configuredMs: number,
  request: Pick<ExecutionRequest, 'deadline'> & { dispatch: { node: { timeoutSeconds?: number } } },
  now: number = Date.now(),
): number {
  const limits = [configuredMs];
  const nodeSeconds = request.dispatch.node.timeoutSeconds;
  if (nodeSeconds !== undefined) limits.push(nodeSeconds * 1000);
  if (request.deadline) limits.push(request.deadline.getTime() - now);
  return Math.max(MIN_TIMEOUT_MS, Math.min(...limits));
}
