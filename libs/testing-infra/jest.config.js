module.exports = { ...require('../../jest.preset.js'), displayName: 'testing-infra', rootDir: __dirname };
