import { Equals, IsBoolean, IsNotEmpty, IsString } from 'class-validator';
import { IsObjectOrArray } from '../json-values';
import { MayBeOmitted } from '../simple-validator';

/**
 * Publishes `payload` (templated) to the org's runs topic (reference §5.2). The reference's API schema
 * marks it optional, but a message without a payload is never what the author meant, so it is required.
 */
export class KafkaConfig {
  @Equals('KAFKA')
  type!: 'KAFKA';

  @IsObjectOrArray()
  payload!: Record<string, unknown> | unknown[];

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
