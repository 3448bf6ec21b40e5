module.exports = { ...require('../../jest.preset.js'), displayName: 'nest-kafka', rootDir: __dirname };
