// Lets plain `node` load the library's TypeScript sources, transpiled in memory by SWC (already a
// dev dependency for jest): no build step and no output files.
const swc = require('@swc/core');

require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformFileSync(filename, {
    swcrc: false,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
