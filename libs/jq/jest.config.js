module.exports = { ...require('../../jest.preset.js'), displayName: 'jq', rootDir: __dirname };
