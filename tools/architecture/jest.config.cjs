module.exports = { displayName: 'architecture-check', preset: '../../jest.preset.js' };
