module.exports = { ...require('../../jest.preset.js'), displayName: 'executor-github', rootDir: __dirname };
