module.exports = { ...require('../../jest.preset.js'), displayName: 'executor-runtime', rootDir: __dirname };
