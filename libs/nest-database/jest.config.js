module.exports = { ...require('../../jest.preset.js'), displayName: 'nest-database', rootDir: __dirname };
