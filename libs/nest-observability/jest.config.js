module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'nest-observability',
  rootDir: __dirname,
};
