module.exports = { displayName: 'known-locations', preset: '../../jest.preset.js' };
