module.exports = { ...require('../../jest.preset.js'), displayName: 'kafkajs-fixes', rootDir: __dirname };
