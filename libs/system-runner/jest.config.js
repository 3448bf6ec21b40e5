module.exports = { ...require('../../jest.preset.js'), displayName: 'system-runner', rootDir: __dirname };
