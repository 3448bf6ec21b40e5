import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { JQ_WORKER_SOURCE } from './jq-worker-source';

/** One expression to evaluate against `inputs[input]` of its job (inputs are JSON texts). */
export interface ReferenceItem {
  expression: string;
  input: number;
}

export type ReferenceResult =
  | { ok: true; outputs: unknown[] }
  | { ok: false; kind: 'runtime'; value: unknown }
  | { ok: false; kind: 'compile'; message: string }
  | { ok: false; kind: 'limit' | 'timeout' };

export interface ReferencePoolOptions {
  poolSize: number;
  timeoutMs: number;
  maxOutputBytes: number;
}

/** Items of one or several callers' jobs, sent to a worker as one message. */
interface Unit {
  inputs: string[];
  items: Array<ReferenceItem & { deliver: (result: ReferenceResult) => void }>;
  /** May share a jq program with other jobs (only expressions already seen to finish in time). */
  mergeable: boolean;
}

interface Slot {
  worker?: Worker;
  ready: boolean;
  /** Crashes since this slot's worker last became ready; a worker that cannot start must not loop. */
  failedStarts: number;
  busy?: { id: number; unit: Unit; timer: NodeJS.Timeout };
}

interface WorkerReply {
  ready?: true;
  id?: number;
  results?: ReferenceResult[];
  fatal?: string;
}

// The project's TS lib settings have no WebAssembly types; this is the one call needed.
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<unknown> } })
  .WebAssembly;

const MAX_MERGED_ITEMS = 64;
const MAX_MERGED_INPUT_CHARS = 1 << 20;

/**
 * A pool of worker threads running jq-wasm (jq 1.8.2). A job runs as one jq program; while every
 * worker is busy, queued mergeable jobs are merged into one program, which is where the throughput
 * comes from (jq-wasm re-initialises jq on every call, about 1 ms).
 *
 * Time limit: a worker that has not answered within `timeoutMs` is terminated and replaced. A lone
 * item gets a timeout result; a program of several items is split and each item re-run alone, at the
 * head of the queue, so only the expression that is really slow times out.
 *
 * Workers are unref'd while idle so they never keep a process alive; they are ref'd while work waits.
 */
export class ReferencePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Unit[] = [];
  /** jq-wasm's compiled WebAssembly.Module, compiled once and handed to every worker. */
  private readonly wasmModule: Promise<unknown>;
  private nextId = 1;
  private closed = false;
  private loadError?: string;

  constructor(private readonly options: ReferencePoolOptions) {
    this.wasmModule = readFile(require.resolve('jq-wasm/jq.wasm')).then((bytes) => wasm.compile(bytes));
    for (let i = 0; i < Math.max(1, options.poolSize); i += 1) {
      const slot: Slot = { ready: false, failedStarts: 0 };
      this.slots.push(slot);
      this.start(slot);
    }
  }

  /** Evaluates every item; one result per item, in order. jq-level failures are results, not rejections. */
  run(inputs: string[], items: ReferenceItem[], mergeable: boolean): Promise<ReferenceResult[]> {
    if (this.closed) return Promise.reject(new Error('the jq engine is closed'));
    return new Promise((resolve) => {
      const results = new Array<ReferenceResult>(items.length);
      let pending = items.length;
      if (pending === 0) resolve(results);
      const unitItems = items.map((item, index) => ({
        ...item,
        deliver: (result: ReferenceResult) => {
          results[index] = result;
          pending -= 1;
          if (pending === 0) resolve(results);
        },
      }));
      this.queue.push({ inputs, items: unitItems, mergeable });
      this.pump();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const closedResult: ReferenceResult = { ok: false, kind: 'runtime', value: 'the jq engine is closed' };
    for (const unit of this.queue.splice(0)) unit.items.forEach((item) => item.deliver(closedResult));
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.busy) {
          clearTimeout(slot.busy.timer);
          slot.busy.unit.items.forEach((item) => item.deliver(closedResult));
          slot.busy = undefined;
        }
        await slot.worker?.terminate();
      }),
    );
  }

  private start(slot: Slot): void {
    this.wasmModule.then(
      (wasmModule) => {
        if (this.closed) return;
        const worker = new Worker(JQ_WORKER_SOURCE, {
          eval: true,
          workerData: { jqWasmPath: require.resolve('jq-wasm'), wasmModule },
        });
        slot.worker = worker;
        slot.ready = false;
        worker.on('message', (reply: WorkerReply) => this.onReply(slot, worker, reply));
        worker.on('error', (error) => this.onCrash(slot, worker, error.message));
        worker.on('exit', (code) => this.onCrash(slot, worker, `jq worker exited with code ${code}`));
        this.updateRefs();
      },
      (error: unknown) => {
        this.loadError = `jq-wasm could not be loaded: ${String(error)}`;
        this.pump();
      },
    );
  }

  private onReply(slot: Slot, worker: Worker, reply: WorkerReply): void {
    if (slot.worker !== worker) return;
    if (reply.ready) {
      slot.ready = true;
      slot.failedStarts = 0;
      this.pump();
      return;
    }
    // The worker ends itself after a fatal error; its exit starts the replacement.
    if (reply.fatal) slot.ready = false;
    const busy = slot.busy;
    if (!busy || busy.id !== reply.id) return;
    clearTimeout(busy.timer);
    slot.busy = undefined;
    if (reply.results) {
      busy.unit.items.forEach((item, index) => item.deliver((reply.results as ReferenceResult[])[index]));
    } else {
      this.retryAlone(busy.unit, reply.fatal ?? 'jq worker failed');
    }
    this.pump();
  }

  private onCrash(slot: Slot, worker: Worker, message: string): void {
    if (slot.worker !== worker || this.closed) return;
    if (!slot.ready) slot.failedStarts += 1;
    if (slot.failedStarts >= 3) this.loadError = `the jq worker cannot start: ${message}`;
    const busy = slot.busy;
    slot.busy = undefined;
    slot.worker = undefined;
    slot.ready = false;
    if (busy) {
      clearTimeout(busy.timer);
      this.retryAlone(busy.unit, message);
    }
    if (!this.loadError) this.start(slot);
    this.pump();
  }

  private onTimeout(slot: Slot): void {
    const busy = slot.busy;
    if (!busy) return;
    slot.busy = undefined;
    const worker = slot.worker;
    slot.worker = undefined;
    slot.ready = false;
    // terminate() resolves once the thread is gone; the replacement starts right away.
    void worker?.terminate().catch(() => undefined);
    if (busy.unit.items.length === 1) busy.unit.items[0].deliver({ ok: false, kind: 'timeout' });
    else this.requeueAlone(busy.unit);
    this.start(slot);
    this.pump();
  }

  /** A crash of a lone item (a wasm abort, e.g. out of memory) is its error; a program is re-run item by item. */
  private retryAlone(unit: Unit, message: string): void {
    if (unit.items.length === 1) {
      unit.items[0].deliver({ ok: false, kind: 'runtime', value: `jq engine failed: ${message}` });
    } else {
      this.requeueAlone(unit);
    }
  }

  private requeueAlone(unit: Unit): void {
    const alone = unit.items.map((item) => ({
      inputs: [unit.inputs[item.input]],
      items: [{ ...item, input: 0 }],
      mergeable: false,
    }));
    this.queue.unshift(...alone);
  }

  private pump(): void {
    if (this.loadError) this.failAll(this.loadError);
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (!slot.ready || slot.busy || !slot.worker) continue;
      this.dispatch(slot, this.takeUnit());
    }
    this.updateRefs();
  }

  /**
   * The head of the queue, merged with the mergeable jobs behind it while they fit. Equal inputs are
   * sent once: parsing the input is most of jq's per-item cost.
   */
  private takeUnit(): Unit {
    const head = this.queue.shift() as Unit;
    if (!head.mergeable) return head;
    const merged: Unit = { inputs: [], items: [], mergeable: true };
    const inputIndex = new Map<string, number>();
    let chars = 0;
    const add = (unit: Unit): void => {
      const remap = unit.inputs.map((input) => {
        let index = inputIndex.get(input);
        if (index === undefined) {
          index = merged.inputs.push(input) - 1;
          inputIndex.set(input, index);
          chars += input.length;
        }
        return index;
      });
      for (const item of unit.items) merged.items.push({ ...item, input: remap[item.input] });
    };
    add(head);
    while (this.queue.length > 0) {
      const next = this.queue[0];
      if (!next.mergeable || merged.items.length + next.items.length > MAX_MERGED_ITEMS) break;
      const newChars = next.inputs.reduce(
        (sum, input) => sum + (inputIndex.has(input) ? 0 : input.length),
        0,
      );
      if (chars + newChars > MAX_MERGED_INPUT_CHARS) break;
      this.queue.shift();
      add(next);
    }
    return merged;
  }

  private dispatch(slot: Slot, unit: Unit): void {
    const id = this.nextId++;
    const timer = setTimeout(() => this.onTimeout(slot), this.options.timeoutMs);
    slot.busy = { id, unit, timer };
    (slot.worker as Worker).postMessage({
      id,
      inputs: unit.inputs,
      items: unit.items.map(({ expression, input }) => ({ expression, input })),
      maxOutputBytes: this.options.maxOutputBytes,
    });
  }

  private updateRefs(): void {
    const waiting = this.queue.length > 0;
    for (const slot of this.slots) {
      if (!slot.worker) continue;
      if (slot.busy || (waiting && !slot.ready)) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  private failAll(message: string): void {
    for (const unit of this.queue.splice(0)) {
      unit.items.forEach((item) => item.deliver({ ok: false, kind: 'runtime', value: message }));
    }
  }
}
