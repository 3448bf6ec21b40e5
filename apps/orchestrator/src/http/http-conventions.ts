import { type INestApplication } from '@nestjs/common';
import { type NestExpressApplication } from '@nestjs/platform-express';

/**
 * The orchestrator's HTTP set-up, applied before `init()` (startService's and startTestApp's
 * `beforeInit`): the extended query parser, so list filters work as `x[]=a&x[]=b` as well as `x=a&x=b`.
 * Request bodies follow the limits every service shares (libs/nest-service); an `output` larger than
 * MAX_REPORTED_OUTPUT_BYTES is refused by the PATCH itself.
 */
export function useExtendedQueryParser(app: INestApplication): void {
  (app as NestExpressApplication).set('query parser', 'extended');
}
