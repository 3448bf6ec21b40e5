import { Equals, IsBoolean, IsIn, IsNotEmpty, IsString } from 'class-validator';
import { IsObjectOrArray, IsStringRecord } from '../json-values';
import { MayBeOmitted } from '../simple-validator';

/** Port's API schema types `method` as a free string; these are the methods a webhook call can make. */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/**
 * An HTTP call (reference §5.1). Every string may hold `{{ }}` templates, secrets included.
 * Normalisation fills `method: "POST"` and `synchronized: true` when omitted.
 */
export class WebhookConfig {
  @Equals('WEBHOOK')
  type!: 'WEBHOOK';

  @IsNotEmpty()
  @IsString()
  url!: string;

  @MayBeOmitted()
  @IsIn(HTTP_METHODS, { message: `$property must be one of ${HTTP_METHODS.join(', ')}` })
  method!: HttpMethod;

  @MayBeOmitted()
  @IsStringRecord()
  headers?: Record<string, string>;

  /** Sent for POST, PUT and PATCH. */
  @MayBeOmitted()
  @IsObjectOrArray()
  body?: Record<string, unknown> | unknown[];

  /** false: fire the request and wait for an external PATCH of the node run. */
  @MayBeOmitted()
  @IsBoolean()
  synchronized!: boolean;

  /** Stored; the execution agent is unsupported in the beta (reference §5.1). */
  @MayBeOmitted()
  @IsBoolean()
  agent?: boolean;
}
