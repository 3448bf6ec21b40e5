import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiError } from '@flowline/nest-service';

export const CHAIN_DEPTH_HEADER = 'x-flowline-chain-depth';
const MAX_CHAIN_DEPTH = 1000;

/**
 * The `X-Flowline-Chain-Depth` of a write (0 when absent): how many workflow-caused writes led to it.
 * Copied onto the entity-change event so triggers can stop a workflow from retriggering itself forever.
 */
export const ChainDepth = createParamDecorator((_: unknown, ctx: ExecutionContext): number => {
  const headers = ctx
    .switchToHttp()
    .getRequest<{ headers: Record<string, string | string[] | undefined> }>().headers;
  const raw = headers[CHAIN_DEPTH_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value === '') return 0;
  if (!/^\d+$/.test(value) || Number(value) > MAX_CHAIN_DEPTH) {
    throw ApiError.invalid('invalid chain depth header', [
      { path: `headers.${CHAIN_DEPTH_HEADER}`, message: `must be an integer from 0 to ${MAX_CHAIN_DEPTH}` },
    ]);
  }
  return Number(value);
});
