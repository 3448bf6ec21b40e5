import { Equals, IsBoolean, IsNotEmpty, IsString } from 'class-validator';
import { IsObjectOrArray } from '../json-values';
import { MayBeOmitted } from '../simple-validator';

/**
 * Publishes `payload` (templated) to the org's runs topic (reference §5.2). Optional, as in Port's API
 * schema: without one the executor publishes the default payload, the run's template context.
 */
export class KafkaConfig {
  @Equals('KAFKA')
  type!: 'KAFKA';

  @MayBeOmitted()
  @IsObjectOrArray()
  payload?: Record<string, unknown> | unknown[];

  /**
   * Flowline extension: another topic of the org's own (`<orgId>.<name>`) instead of `<orgId>.runs`.
   * Templatable; the executor refuses a topic outside the org's namespace.
   */
  @MayBeOmitted()
  @IsNotEmpty()
  @IsString()
  topic?: string;

  /**
   * Flowline extension, named as on WEBHOOK: `false` keeps the node run IN_PROGRESS after the publish
   * until a consumer reports it (reference §9.4). Default true: the node completes on the broker's ack.
   */
  @MayBeOmitted()
  @IsBoolean()
  synchronized?: boolean;
}
