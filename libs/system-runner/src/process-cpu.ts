import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './build-output';
import { type FlowlineSystem } from './flowline-system';

/**
 * CPU time (user + system) each process of a bench spent, per run: every service process, the Kafka broker
 * (`tools/infra`'s, found by its pid file), PostgreSQL (every process of the server: its backends serve the
 * bench, and anything else the server does meanwhile counts too) and the load driver itself. Unlike
 * latency, it hardly depends on what else the machine does, so it compares builds on a busy machine too.
 * Linux only (/proc): a process that started meanwhile counts from zero, one that ended is missed (the
 * services' connection pools keep their backends).
 */
export class ProcessCpu {
  private readonly start: Map<number, number>;

  constructor(private readonly system: FlowlineSystem) {
    this.start = new Map(this.processes().map(({ pid }) => [pid, cpuMsOf(pid) ?? 0]));
  }

  /**
   * CPU ms per run of each service, their sum, then the broker, PostgreSQL, the load driver and the total,
   * as one table row named `label`.
   */
  perRun(runs: number, label = 'CPU ms per run'): Record<string, Record<string, number>> {
    const spent = new Map<string, number>();
    for (const { group, pid } of this.processes()) {
      const now = cpuMsOf(pid);
      if (now !== undefined) spent.set(group, (spent.get(group) ?? 0) + now - (this.start.get(pid) ?? 0));
    }
    const perRun = (ms: number) => Number((ms / runs).toFixed(2));
    const row: Record<string, number> = {};
    let services = 0;
    let everything = 0;
    for (const [group, ms] of spent) {
      everything += ms;
      if (OTHERS.includes(group)) continue;
      row[group] = perRun(ms);
      services += ms;
    }
    row['all services'] = perRun(services);
    for (const group of OTHERS) row[group] = perRun(spent.get(group) ?? 0);
    row['all processes'] = perRun(everything);
    return { [label]: row };
  }

  private processes(): Array<{ group: string; pid: number }> {
    const services = [...this.system.processes].flatMap(([app, service]) =>
      service.pid === undefined ? [] : [{ group: app, pid: service.pid }],
    );
    const broker = brokerPid();
    return [
      ...services,
      ...(broker === undefined ? [] : [{ group: KAFKA, pid: broker }]),
      ...postgresPids().map((pid) => ({ group: POSTGRES, pid })),
      { group: LOAD_DRIVER, pid: process.pid },
    ];
  }
}

const KAFKA = 'Kafka broker';
const POSTGRES = 'PostgreSQL';
const LOAD_DRIVER = 'load driver';
const OTHERS = [KAFKA, POSTGRES, LOAD_DRIVER];

/** utime + stime of a process, in ms (Linux /proc; clock ticks are 100 Hz there); undefined once it ended. */
function cpuMsOf(pid: number): number | undefined {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** The broker `tools/infra up` started, by the pid file in its state directory. */
function brokerPid(): number | undefined {
  const stateDir = process.env['FLOWLINE_STATE_DIR'] ?? path.join(REPO_ROOT, '.flowline');
  try {
    const pid = Number(fs.readFileSync(path.join(stateDir, 'kafka', 'broker.pid'), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function postgresPids(): number[] {
  return fs.readdirSync('/proc').flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      return fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres' ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}
