module.exports = { displayName: 'scripts-tests', preset: '../../jest.preset.js' };
