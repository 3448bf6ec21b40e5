// Resolves `@flowline/<lib>` to the compiled lib in dist/ when services run from the build output:
//   node -r ./tools/runtime/register.js dist/apps/<app>/src/main.js
// (TypeScript's `paths` only exist at compile time.)
const Module = require('node:module');
const path = require('node:path');

const dist = process.env.FLOWLINE_DIST_DIR ?? path.resolve(__dirname, '../../dist');
const resolveFilename = Module._resolveFilename;

Module._resolveFilename = function resolveFlowlineLibs(request, ...rest) {
  const lib = /^@flowline\/([a-z0-9-]+)$/.exec(request);
  const target = lib ? path.join(dist, 'libs', lib[1], 'src', 'index.js') : request;
  return resolveFilename.call(this, target, ...rest);
};
