// Warms a just-started local broker: `tools/infra up` runs it once the broker answers.
//   node tools/kafka/warm-up.js <broker host:port> [seconds, default 4]
// A fresh broker's JVM compiles its request paths (produce, fetch, offset commits, group membership) in its
// first seconds of traffic, and those requests are slow meanwhile: with a broker started just before
// `tools/bench/runs`, the first 5 s of 20 runs/s had p99 135–499 ms, and 93–155 ms after this warm-up (4
// runs each). This sends a few seconds of the traffic the services make (idempotent produces with
// acks=all, consumer-group fetches and commits) on a topic of its own, then deletes the topic and the
// group. It never fails the caller: a problem is printed and it exits 0.
const { Kafka, logLevel } = require('kafkajs');

const [brokerAddress = '127.0.0.1:9092', secondsArg = '4'] = process.argv.slice(2);
const seconds = Number(secondsArg);
const name = `flowline-warm-up-${process.pid}`;
const IN_FLIGHT = 16;

async function main() {
  const kafka = new Kafka({ clientId: name, brokers: [brokerAddress], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: name, maxWaitTimeInMs: 100 });
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: name, numPartitions: 3 }], waitForLeaders: true });
  let consumed = 0;
  try {
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe({ topics: [name], fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch, resolveOffset }) => {
        for (const message of batch.messages) {
          resolveOffset(message.offset);
          consumed++;
        }
      },
    });
    const until = Date.now() + seconds * 1000;
    let produced = 0;
    const send = async (worker) => {
      while (Date.now() < until) {
        const count = 1 + (produced % 7);
        const messages = Array.from({ length: count }, (_, i) => ({
          key: `run-${worker}-${produced + i}`,
          value: JSON.stringify({ id: `${produced + i}`, type: 'WARM_UP', at: new Date().toISOString() }),
          headers: { 'x-flowline-message-type': 'WARM_UP' },
        }));
        produced += count;
        await producer.sendBatch({ topicMessages: [{ topic: name, messages }], acks: -1 });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, (_, worker) => send(worker)));
    const drained = Date.now() + 5000;
    while (consumed < produced && Date.now() < drained) await new Promise((r) => setTimeout(r, 50));
    console.log(
      `[infra] broker warmed up: ${produced} messages produced, ${consumed} consumed in ${seconds}s`,
    );
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    await admin.deleteGroups([name]).catch(() => undefined);
    await admin.deleteTopics({ topics: [name] }).catch(() => undefined);
    await admin.disconnect();
  }
}

const deadline = setTimeout(
  () => {
    console.log('[infra] broker warm-up did not finish in time; carrying on');
    process.exit(0);
  },
  (seconds + 20) * 1000,
);
main()
  .catch((error) => console.log(`[infra] broker warm-up skipped: ${error.message}`))
  .finally(() => {
    clearTimeout(deadline);
    process.exit(0);
  });
