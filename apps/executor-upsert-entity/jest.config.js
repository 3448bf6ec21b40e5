module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'executor-upsert-entity',
  rootDir: __dirname,
};
