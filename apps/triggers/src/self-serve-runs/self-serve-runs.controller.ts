import { Body, Controller, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@flowline/nest-auth';
import { RunSubmissionDto } from './dto/run-submission.dto';
import { RunSnapshots, type RunSnapshot } from './run-snapshot';
import { httpStatusOf, type SubmittedRun, toSubmittedRunView } from './submitted-run';
import { SubmitSelfServeRun } from './use-cases/submit-self-serve-run';

/** The bits of Express's response this controller sets. */
interface StatusResponse {
  status(code: number): unknown;
  setHeader(name: string, value: string): unknown;
}

function answer(response: StatusResponse, run: SubmittedRun, snapshot?: RunSnapshot) {
  response.status(httpStatusOf(run));
  if (run.replayed) response.setHeader('Idempotent-Replayed', 'true');
  return { ok: true, workflowRun: toSubmittedRunView(run, snapshot) };
}

/** Reference §10: `POST /v1/workflows/{id}/runs`. */
@ApiTags('workflow runs')
@ApiBearerAuth()
@Controller('v1/workflows/:id/runs')
export class SelfServeRunsController {
  constructor(
    private readonly submit: SubmitSelfServeRun,
    private readonly snapshots: RunSnapshots,
  ) {}

  @Post()
  @ApiOperation({ summary: "Run a workflow's self-service trigger with the given inputs" })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'A retried submission with the same key answers with the same run instead of starting another',
  })
  @ApiResponse({ status: 201, description: '{ ok, workflowRun }: the run exists (or the wait is off)' })
  @ApiResponse({
    status: 202,
    description: '{ ok, workflowRun: { status: PENDING } }: requested, not confirmed yet',
  })
  @ApiResponse({ status: 403, description: "The trigger's permissions do not let the caller run it" })
  @ApiResponse({ status: 404, description: 'No such workflow in the caller’s org (or deleted)' })
  @ApiResponse({ status: 409, description: 'The Idempotency-Key was used for a different submission' })
  @ApiResponse({ status: 422, description: 'Every bad input, with its path, in `details`' })
  async run(
    @CurrentPrincipal() principal: Principal,
    @Param('id') workflowIdentifier: string,
    @Body() body: RunSubmissionDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: StatusResponse,
  ) {
    const run = await this.submit.execute({ principal, workflowIdentifier, body, idempotencyKey });
    // A fresh run's creating event carries its view; a replayed submission reads the run as it is now.
    const snapshot =
      run.creation.state !== 'confirmed'
        ? undefined
        : ((!run.replayed ? run.creation.view : undefined) ??
          (await this.snapshots.of(principal.orgId, run.runId)));
    return answer(response, run, snapshot);
  }
}
