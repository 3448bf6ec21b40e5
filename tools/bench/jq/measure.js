/**
 * Runs `operation` from `concurrency` parallel loops for about `seconds` and returns operations per
 * second. Evaluations are async, so parallel loops are how a service would call them.
 */
async function opsPerSecond(operation, { seconds, concurrency }) {
  // Warm up: caches, JIT, worker start.
  for (let i = 0; i < 3; i += 1) await operation();
  let done = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  const loop = async () => {
    while (process.hrtime.bigint() < deadline) {
      await operation();
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return done / elapsed;
}

/** For the synchronous-in-practice fast path: batches of awaited calls, one core. */
async function opsPerSecondBatched(operation, { seconds, batch = 200 }) {
  for (let i = 0; i < 1000; i += 1) await operation();
  let done = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < deadline) {
    const pending = [];
    for (let i = 0; i < batch; i += 1) pending.push(operation());
    await Promise.all(pending);
    done += batch;
  }
  return done / (Number(process.hrtime.bigint() - started) / 1e9);
}

module.exports = { opsPerSecond, opsPerSecondBatched };
