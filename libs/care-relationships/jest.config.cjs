module.exports = { displayName: 'care-relationships', preset: '../../jest.preset.js' };
