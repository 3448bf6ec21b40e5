module.exports = { ...require('../../jest.preset.js'), displayName: 'triggers', rootDir: __dirname };
