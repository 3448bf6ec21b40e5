import { type AxiosInstance } from 'axios';
import type { ResubmissionRecord, SubmissionRecord } from './invariants';
import { retryAfterMs } from './run-reader';

/** An answer worth sending the same request again for: the service was down, restarting or overloaded. */
const TRANSIENT = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Starts runs as a careful client does during an outage: every submission carries an Idempotency-Key,
 * and a failed or unanswered submission is sent again with the same key until an answer (201, or 202
 * when the orchestrator has not confirmed the run yet) names the run.
 */
export class RunSubmitter {
  constructor(
    private readonly api: AxiosInstance,
    private readonly workflow: string,
    /** How long one submission keeps being retried before it is given up. */
    private readonly giveUpAfterMs: number,
  ) {}

  async submit(key: string, inputs: Record<string, unknown>): Promise<SubmissionRecord> {
    const { runId, tries, error } = await this.send(key, inputs);
    return { key, runId, tries, ...(error ? { error } : {}) };
  }

  /** The same key and inputs again: the answer must name the same run. */
  async resubmit(
    first: SubmissionRecord & { runId: string },
    inputs: Record<string, unknown>,
  ): Promise<ResubmissionRecord> {
    const { runId, error } = await this.send(first.key, inputs);
    return { key: first.key, firstRunId: first.runId, runId, answer: error ?? `run ${runId}` };
  }

  private async send(
    key: string,
    inputs: Record<string, unknown>,
  ): Promise<{ runId?: string; tries: number; error?: string }> {
    const deadline = Date.now() + this.giveUpAfterMs;
    let last = 'not sent';
    for (let tries = 1; ; tries += 1) {
      try {
        const response = await this.api.post(
          `/v1/workflows/${this.workflow}/runs`,
          { inputs },
          { headers: { 'idempotency-key': key } },
        );
        const runId = response.data?.workflowRun?.identifier as string | undefined;
        if ((response.status === 201 || response.status === 202) && runId) return { runId, tries };
        last = `${response.status} ${JSON.stringify(response.data).slice(0, 300)}`;
        if (!TRANSIENT.has(response.status)) return { tries, error: last };
        if (response.status === 429 && Date.now() < deadline) {
          await sleep(retryAfterMs(response.headers['retry-after']));
          continue;
        }
      } catch (error) {
        last = error instanceof Error ? error.message : String(error);
      }
      if (Date.now() >= deadline) return { tries, error: `gave up after ${tries} tries: ${last}` };
      await sleep(Math.min(3_000, 250 * 2 ** (tries - 1)));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
