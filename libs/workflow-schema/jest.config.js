module.exports = { ...require('../../jest.preset.js'), displayName: 'workflow-schema', rootDir: __dirname };
