import { Inject, Injectable, type PipeTransform } from '@nestjs/common';
import { ApiError } from '@flowline/nest-service';
import { jsonBytes } from '../../engine/node-output';
import { type OrchestratorConfig } from '../../orchestrator.config';
import { type PatchNodeRunDto } from './patch-node-run.dto';

/**
 * A PATCH whose `output` alone is over MAX_REPORTED_OUTPUT_BYTES is refused here (413, path `output`),
 * so the reporter learns it at once instead of receiving 200 and seeing the node fail later.
 */
@Injectable()
export class ReportedOutputLimitPipe implements PipeTransform<PatchNodeRunDto, PatchNodeRunDto> {
  constructor(@Inject('SERVICE_CONFIG') private readonly config: OrchestratorConfig) {}

  transform(body: PatchNodeRunDto): PatchNodeRunDto {
    if (body?.output === undefined) return body;
    const bytes = jsonBytes(body.output);
    const limit = this.config.MAX_REPORTED_OUTPUT_BYTES;
    if (bytes > limit) {
      const message = `output is ${bytes} bytes, over the limit of ${limit} bytes a node run may report`;
      throw new ApiError(413, 'payload_too_large', message, [
        { path: 'output', code: 'OUTPUT_TOO_LARGE', message },
      ]);
    }
    return body;
  }
}
