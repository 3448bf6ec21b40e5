import { Injectable } from '@nestjs/common';
import type { Principal } from '@flowline/nest-auth';
import { ReportNodeProgress } from '../../runs/use-cases/report-node-progress';
import type { AppendNodeRunLogsDto } from '../dto/append-node-run-logs.dto';

/**
 * `POST /v1/workflows/nodes/runs/{id}/logs` ([O]): appends log lines to a node run in progress through
 * the same path as a PATCH that carries only logs (the run's lock, one transaction, visibility), so the
 * node run's status does not change. A completed node run refuses it with 422, as the PATCH does.
 */
@Injectable()
export class AppendNodeRunLogs {
  constructor(private readonly progress: ReportNodeProgress) {}

  async execute(principal: Principal, nodeRunId: string, body: AppendNodeRunLogsDto): Promise<void> {
    const logs = body.logs.map((line) => ({
      logLevel: line.level ?? line.logLevel ?? 'INFO',
      log: line.message ?? line.log ?? '',
      tags: line.tags as Record<string, string> | undefined,
    }));
    await this.progress.execute(principal, nodeRunId, { logs });
  }
}
