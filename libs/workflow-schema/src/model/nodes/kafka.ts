import { Equals } from 'class-validator';
import { IsObjectOrArray } from '../json-values';

/**
 * Publishes `payload` (templated) to the org's runs topic (reference §5.2). The reference's API schema
 * marks it optional, but a message without a payload is never what the author meant, so it is required.
 */
export class KafkaConfig {
  @Equals('KAFKA')
  type!: 'KAFKA';

  @IsObjectOrArray()
  payload!: Record<string, unknown> | unknown[];
}
