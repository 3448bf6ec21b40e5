import { DeadLetterQueue, type DeadLetter } from './dead-letter-queue';

const USAGE = `usage:
  tools/dlq list <topic> [--limit N] [--json]
  tools/dlq replay <topic> (--id <dead-letter id> [--id …] | --all)
<topic> is a Flowline topic (flowline.runs.requested.v1) or its dead-letter topic (… .v1.dlq).
Reads KAFKA_BROKERS (default 127.0.0.1:9092) and KAFKA_TOPIC_PREFIX from the environment.`;

export interface DlqCommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** `tools/dlq`: lists or replays a dead-letter topic. Returns the exit code. */
export async function runDlqCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
  io: DlqCommandIo,
): Promise<number> {
  const [command, topic, ...rest] = argv;
  const options = parseOptions(rest);
  if (!topic || (command !== 'list' && command !== 'replay') || options.problem) {
    io.err(options.problem ? `${options.problem}\n${USAGE}` : USAGE);
    return 2;
  }
  const brokers = (env['KAFKA_BROKERS'] || '127.0.0.1:9092').split(',').map((broker) => broker.trim());
  const queue = new DeadLetterQueue(brokers, env['KAFKA_TOPIC_PREFIX'] ?? '');
  try {
    if (command === 'list') {
      const letters = await queue.list(topic, options.limit);
      for (const letter of letters) io.out(options.json ? JSON.stringify(letter) : describe(letter));
      if (!options.json) io.err(`${letters.length} dead letter(s) in ${queue.dlqTopicFor(topic)}`);
      return 0;
    }
    if (!options.all && options.ids.length === 0) {
      io.err(`replay needs --id <dead-letter id> or --all\n${USAGE}`);
      return 2;
    }
    const replayed = await queue.replay(topic, options.all ? undefined : options.ids);
    for (const letter of replayed) {
      io.out(`replayed ${letter.id} to ${letter.source.topic} (key ${letter.source.key ?? 'none'})`);
    }
    io.err(`${replayed.length} dead letter(s) replayed`);
    return 0;
  } catch (error) {
    io.err(`dlq: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

/** One line per dead letter: its id, where it came from, why, its key and the error. */
export function describe(letter: DeadLetter): string {
  const { topic, partition, offset, key } = letter.source;
  return [
    letter.id,
    `source=${topic}/${partition}/${offset}`,
    `reason=${letter.reason}`,
    `key=${key ?? '-'}`,
    `attempts=${letter.attempts}`,
    `at=${letter.occurredAt}`,
    `error=${JSON.stringify(letter.error)}`,
  ].join(' ');
}

interface Options {
  limit?: number;
  ids: string[];
  all: boolean;
  json: boolean;
  problem?: string;
}

function parseOptions(args: string[]): Options {
  const options: Options = { ids: [], all: false, json: false };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--all') options.all = true;
    else if (arg === '--json') options.json = true;
    else if (arg === '--id' && args[i + 1]) options.ids.push(args[(i += 1)]);
    else if (arg === '--limit' && /^\d+$/.test(args[i + 1] ?? '')) options.limit = Number(args[(i += 1)]);
    else return { ...options, problem: `unexpected argument: ${arg}` };
  }
  if (options.all && options.ids.length > 0) return { ...options, problem: 'give --id or --all, not both' };
  return options;
}

if (require.main === module) {
  runDlqCommand(process.argv.slice(2), process.env, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  })
    .then((code) => process.exit(code))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
