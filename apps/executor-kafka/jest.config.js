module.exports = { ...require('../../jest.preset.js'), displayName: 'executor-kafka', rootDir: __dirname };
