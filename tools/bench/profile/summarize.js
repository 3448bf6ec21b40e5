#!/usr/bin/env node
// Summarises V8 CPU profiles (`--cpu-prof`, e.g. FLOWLINE_CPU_PROF_DIR=dir tools/bench/runs/run):
// per profile, the busiest share of samples by package/file and by function (self time).
//   node tools/bench/profile/summarize.js <dir-or-file.cpuprofile>... [--top=15]
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
const top = Number((args.find((a) => a.startsWith('--top=')) ?? '--top=15').slice(6));
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
  const selfSamples = new Map();
  for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const idle = [...selfSamples]
    .filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id).callFrame.functionName))
    .reduce((s, [, c]) => s + c, 0);
  const busy = total - idle;
  const byPlace = new Map();
  const byFunction = new Map();
  for (const [id, count] of selfSamples) {
    const frame = byId.get(id).callFrame;
    if (['(idle)', '(program)'].includes(frame.functionName)) continue;
    const place = frame.functionName === '(garbage collector)' ? '(gc)' : where(frame.url);
    byPlace.set(place, (byPlace.get(place) ?? 0) + count);
    const fn = `${frame.functionName || '(anonymous)'} ${where(frame.url)}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + count);
  }
  const seconds = (profile.endTime - profile.startTime) / 1e6;
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
