module.exports = { ...require('../../jest.preset.js'), displayName: 'nest-service', rootDir: __dirname };
