module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'execution-permissions',
  rootDir: __dirname,
};
