module.exports = { displayName: 'compose-check', preset: '../../jest.preset.js' };
