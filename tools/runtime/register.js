// Resolves `@flowline/<lib>` to the compiled lib in dist/ when services run from the build output:
//   node -r ./tools/runtime/register.js dist/apps/<app>/src/main.js
// (TypeScript's `paths` only exist at compile time.)
//
// Resolutions are remembered per requiring directory and request, as Node's own require cache does:
// OpenTelemetry's require hook resolves every `require` call again, and kafkajs requires its protocol
// modules inside each request it makes, so a busy consumer resolved the same paths thousands of times a
// second (1–1.7% of a service's CPU at saturation).
//
// It also runs V8's worker threads below the thread that serves requests (v8-worker-priority.js).
require('./v8-worker-priority');
const Module = require('node:module');
const path = require('node:path');

const dist = process.env.FLOWLINE_DIST_DIR ?? path.resolve(__dirname, '../../dist');
const resolveFilename = Module._resolveFilename;
const resolved = new Map();

Module._resolveFilename = function resolveFlowlineLibs(request, parent, isMain, options) {
  const key = !isMain && options === undefined && parent?.path ? `${parent.path}\0${request}` : undefined;
  const known = key && resolved.get(key);
  if (known) return known;
  const lib = /^@flowline\/([a-z0-9-]+)$/.exec(request);
  const target = lib ? path.join(dist, 'libs', lib[1], 'src', 'index.js') : request;
  const filename = resolveFilename.call(this, target, parent, isMain, options);
  if (key) resolved.set(key, filename);
  return filename;
};
