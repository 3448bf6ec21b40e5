module.exports = { ...require('../../jest.preset.js'), displayName: 'nest-auth', rootDir: __dirname };
