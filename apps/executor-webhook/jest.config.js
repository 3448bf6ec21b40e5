module.exports = { ...require('../../jest.preset.js'), displayName: 'executor-webhook', rootDir: __dirname };
