import http from 'node:http';
import axios from 'axios';
import type { FlowlineInstance } from '../flowline-system';
import { chaosWorkflow } from './chaos-workflow';
import {
  checkInvariants,
  type KillRecord,
  type KillTestVerdict,
  type ResubmissionRecord,
  type SubmissionRecord,
} from './invariants';
import { type PlannedKill, planKills, submissionTranches } from './kill-plan';
import { between, seededRandom } from './random';
import { RunEventLog } from './run-events';
import { failureReasons, listRunIds, readRuns } from './run-reader';
import { RunSubmitter } from './run-submitter';
import type { WebhookSink } from './webhook-sink';

/** The running system the kill test drives: its gateway, its run events, and a way to kill and restart apps. */
export interface KillTestSystem {
  gatewayUrl: string;
  /** A token of an org admin (the runs are started and read with it). */
  accessToken: string;
  topicPrefix: string;
  kafkaBrokers: string[];
  /** Where the workflow's webhooks go (on 127.0.0.1: executor-webhook must allow it). */
  sink: WebhookSink;
  /** SIGKILL, waiting until the process has exited (or another way to stop it: see `stopHow`). */
  killApp(app: FlowlineInstance): Promise<void>;
  /** How `killApp` stops an app, as the report says it (default `kill -9`; e.g. `SIGTERM`). */
  stopHow?: string;
  /** Starts the app again on the same port with the same environment, waiting until it is ready. */
  restartApp(app: FlowlineInstance): Promise<void>;
}

export interface KillTestOptions {
  runs: number;
  kills: number;
  seed: number;
  /** The apps killed in turn (evenly spread). */
  targets: readonly FlowlineInstance[];
  /** Submissions waiting for an answer at once; the runs are submitted as fast as that allows. */
  concurrency: number;
  /** How many keys are sent again during the chaos (and must get the same run). */
  resubmissions: number;
  /** The webhook nodes' durable timeout. */
  nodeTimeoutSeconds: number;
  /** The webhook nodes' attempts. */
  maxAttempts: number;
  /** A kill waits for its number of answers at most this long (then it kills anyway). */
  killWaitMs: number;
  /** How long to wait after the chaos for the last runs to end; runs still open then are stuck. */
  settleTimeoutMs: number;
  log: (line: string) => void;
}

export interface KillTestResult extends KillTestVerdict {
  workflow: string;
  /** How the apps were stopped (`kill -9`, `SIGTERM`). */
  stopHow: string;
  seed: number;
  kills: KillRecord[];
  /** Why runs did not succeed: "<node>: <error>" → count (such a run is terminal, but worth knowing). */
  failureReasons: Record<string, number>;
  durationMs: number;
}

/** Defaults for `runs` runs and `kills` kills. */
export function killTestOptions(
  given: Partial<KillTestOptions> & Pick<KillTestOptions, 'runs' | 'kills'>,
): KillTestOptions {
  // Well above the longest outage the kills cause (a restart waits out the killed consumer's Kafka
  // session, and both apps must be up for a node to finish): a timeout then means a lost dispatch or result.
  const nodeTimeoutSeconds = given.nodeTimeoutSeconds ?? 300;
  return {
    seed: Date.now() % 1_000_000,
    targets: ['orchestrator', 'executor-webhook'],
    concurrency: 64,
    resubmissions: Math.max(3, Math.round(given.runs / 100)),
    nodeTimeoutSeconds,
    maxAttempts: 5,
    killWaitMs: 60_000,
    settleTimeoutMs: 2 * nodeTimeoutSeconds * 1000 + 60_000,
    log: (line) => console.log(line),
    ...given,
  };
}

/**
 * The kill test: submits `runs` runs of a four-node workflow (trigger → webhook → condition → webhook),
 * kills the target apps with SIGKILL at random points of the work meanwhile and restarts them, waits for
 * every run to end, then checks what the system did (see checkInvariants).
 */
export async function runKillTest(system: KillTestSystem, options: KillTestOptions): Promise<KillTestResult> {
  const began = Date.now();
  const random = seededRandom(options.seed);
  const stopHow = system.stopHow ?? 'kill -9';
  const log = (line: string) => options.log(`[${((Date.now() - began) / 1000).toFixed(1)} s] ${line}`);
  const api = axios.create({
    baseURL: system.gatewayUrl,
    headers: { authorization: `Bearer ${system.accessToken}` },
    validateStatus: () => true,
    timeout: 30_000,
    httpAgent: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  });
  const workflow = `chaos-${options.seed}`;
  const definition = chaosWorkflow(workflow, system.sink.baseUrl, {
    timeoutSeconds: options.nodeTimeoutSeconds,
    maxAttempts: options.maxAttempts,
  });
  const created = await api.post('/v1/workflows', definition);
  if (created.status !== 201) throw new Error(`creating ${workflow}: ${JSON.stringify(created.data)}`);

  const plan = planKills(random, { kills: options.kills, targets: options.targets });
  // Which submissions are sent again, and how long after their first answer (drawn now: the seed decides).
  const resubmitAfterMs = new Map(
    Array.from({ length: options.resubmissions }, () => [
      between(random, 0, options.runs - 1),
      between(random, 500, 5_000),
    ]),
  );
  const events = await RunEventLog.start(system.kafkaBrokers, system.topicPrefix);
  try {
    const submissions: SubmissionRecord[] = [];
    const resubmissions: ResubmissionRecord[] = [];
    const submitter = new RunSubmitter(api, workflow, 180_000);
    let started = 0;
    let answered = 0;
    const runIds = () => submissions.flatMap((s) => (s.runId ? [s.runId] : []));
    const completed = () => runIds().filter((runId) => events.completedRuns.has(runId)).length;
    const givenUp = () => submissions.filter((s) => s.runId === undefined).length;
    log(
      `${options.runs} runs of ${workflow}, ${options.concurrency} submissions at a time; ` +
        `${options.kills} kills of ${options.targets.join(', ')} (seed ${options.seed})`,
    );

    const tranches = submissionTranches(options.runs, options.kills);
    let released = tranches[0];
    const submitting = submitAll(
      options,
      () => released,
      async (n) => {
        started += 1;
        const inputs = { n: String(n) };
        const submission = await submitter.submit(`chaos-${options.seed}-${n}`, inputs);
        submissions.push(submission);
        answered += 1;
        const resubmitAfter = resubmitAfterMs.get(n);
        if (resubmitAfter === undefined || !submission.runId) return;
        await new Promise((resolve) => setTimeout(resolve, resubmitAfter));
        resubmissions.push(await submitter.resubmit({ ...submission, runId: submission.runId }, inputs));
      },
    );
    // One chain of kills per app (an app is killed again only once it is back); apps may be down together.
    const kills: KillRecord[] = [];
    let tranche = 0;
    const killChain = async (app: FlowlineInstance, chain: PlannedKill<FlowlineInstance>[]) => {
      for (const planned of chain) {
        await new Promise((resolve) => setTimeout(resolve, planned.gapMs));
        const from = released;
        tranche += 1;
        released = tranches[tranche];
        // As many answers as that share of the tranche, counted from now (earlier runs may answer first).
        const wanted = answered + Math.floor((released - from) * planned.answeredShare);
        // ...and work in flight to kill: a fast system may have finished everything released so far.
        const inFlightNow = () => started - completed() - givenUp();
        await waitUntil(() => answered >= wanted && inFlightNow() > 0, options.killWaitMs);
        const inFlight = inFlightNow();
        const atMs = Date.now() - began;
        await system.killApp(app);
        log(`${stopHow} ${app}: ${inFlight} runs in flight, ${completed()} completed`);
        await new Promise((resolve) => setTimeout(resolve, planned.downMs));
        const restarting = Date.now();
        await system.restartApp(app);
        const restartMs = Date.now() - restarting;
        log(`${app} ready again (${planned.downMs} ms down, ${restartMs} ms to restart)`);
        kills.push({ app, atMs, runsInFlight: inFlight, downMs: planned.downMs, restartMs });
      }
    };
    try {
      await Promise.all(
        options.targets.map((app) =>
          killChain(
            app,
            plan.filter((kill) => kill.app === app),
          ),
        ),
      );
    } finally {
      released = options.runs;
    }
    kills.sort((a, b) => a.atMs - b.atMs);
    await submitting;
    log(`submissions done: ${runIds().length} accepted; waiting for the runs to end`);

    const submitted = runIds();
    await waitUntil(() => completed() === submitted.length, options.settleTimeoutMs);
    log(`${completed()} of ${submitted.length} runs seen COMPLETED`);
    const runs = await readRuns(api, submitted);
    const listedRunIds = await listRunIds(api, workflow);
    // The API answered: give the event reader a moment to catch up with what the orchestrator published.
    await waitUntil(
      () =>
        [...runs.values()].every(
          (run) => run.status !== 'COMPLETED' || events.completedRuns.has(run.identifier),
        ),
      30_000,
    );
    const verdict = checkInvariants({
      submissions,
      resubmissions,
      listedRunIds,
      runs,
      sinkRequests: [...system.sink.requests],
      events: [...events.events],
      kills,
    });
    const result = { workflow, seed: options.seed, kills, failureReasons: failureReasons(runs) };
    return { ...verdict, ...result, stopHow, durationMs: Date.now() - began };
  } finally {
    await events.stop();
  }
}

/** Submits runs 0 … runs-1, `concurrency` at a time, each once `released()` is past it; resolves when all are done. */
async function submitAll(
  options: KillTestOptions,
  released: () => number,
  submit: (n: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      for (let n = next++; n < options.runs; n = next++) {
        await waitUntil(() => n < released(), Number.POSITIVE_INFINITY);
        await submit(n);
      }
    }),
  );
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return true;
}
