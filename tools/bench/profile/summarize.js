#!/usr/bin/env node
// Summarises V8 CPU profiles (`--cpu-prof`, e.g. FLOWLINE_CPU_PROF_DIR=dir tools/bench/runs/run):
// per profile, the busiest share of samples by package/file and by function (self time).
//   node tools/bench/profile/summarize.js <dir-or-file.cpuprofile>... [--top=15] [--window=S]
// --window=S counts only the S seconds of each profile with the most busy samples, after the first
// --after=S seconds (default 20): e.g. the saturation phase of a bench, without the process's start-up.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
const top = Number((args.find((a) => a.startsWith('--top=')) ?? '--top=15').slice(6));
const windowS = Number((args.find((a) => a.startsWith('--window=')) ?? '--window=0').slice(9));
const afterS = Number((args.find((a) => a.startsWith('--after=')) ?? '--after=20').slice(8));
const files = args
  .filter((a) => !a.startsWith('--'))
  .flatMap((a) =>
    fs.statSync(a).isDirectory()
      ? fs
          .readdirSync(a)
          .filter((f) => f.endsWith('.cpuprofile'))
          .map((f) => path.join(a, f))
      : [a],
  );

function where(url) {
  if (!url) return '(native/idle)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  const dist = url.indexOf('/dist/');
  return dist >= 0 ? url.slice(dist + 6) : url;
}

for (const file of files) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const isIdle = (id) => ['(idle)', '(program)'].includes(byId.get(id).callFrame.functionName);
  const [from, to] =
    windowS > 0 ? busiestWindow(profile, isIdle, windowS * 1e6, afterS * 1e6) : [0, profile.samples.length];
  const selfSamples = new Map();
  for (const id of profile.samples.slice(from, to)) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
  const total = to - from;
  const idle = [...selfSamples].filter(([id]) => isIdle(id)).reduce((s, [, c]) => s + c, 0);
  const busy = total - idle;
  const byPlace = new Map();
  const byFunction = new Map();
  for (const [id, count] of selfSamples) {
    const frame = byId.get(id).callFrame;
    if (isIdle(id)) continue;
    const place = frame.functionName === '(garbage collector)' ? '(gc)' : where(frame.url);
    byPlace.set(place, (byPlace.get(place) ?? 0) + count);
    const fn = `${frame.functionName || '(anonymous)'} ${where(frame.url)}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + count);
  }
  const seconds =
    windowS > 0
      ? Math.min(windowS, (profile.endTime - profile.startTime) / 1e6)
      : (profile.endTime - profile.startTime) / 1e6;
  const pct = (c) => `${((100 * c) / Math.max(1, busy)).toFixed(1)}%`;
  console.log(
    `\n${path.basename(file)}: ${seconds.toFixed(1)} s profiled, busy ${((100 * busy) / Math.max(1, total)).toFixed(0)}% of samples`,
  );
  console.log('  by package/file (share of busy samples):');
  for (const [place, count] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`    ${pct(count).padStart(6)}  ${place}`);
  console.log('  by function (self):');
  for (const [fn, count] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`    ${pct(count).padStart(6)}  ${fn}`);
}

/** The sample index range [from, to) of the `spanUs` microseconds after `afterUs` with the most busy samples. */
function busiestWindow(profile, isIdle, spanUs, afterUs) {
  const times = [];
  let t = 0;
  for (const delta of profile.timeDeltas) times.push((t += delta));
  const start = Math.max(
    0,
    times.findIndex((time) => time >= afterUs),
  );
  let best = [start, start];
  let bestBusy = -1;
  let busy = 0;
  for (let from = start, to = start; to < times.length; to++) {
    if (!isIdle(profile.samples[to])) busy++;
    while (times[to] - times[from] > spanUs) if (!isIdle(profile.samples[from++])) busy--;
    if (busy > bestBusy) [bestBusy, best] = [busy, [from, to + 1]];
  }
  return best;
}
