module.exports = { displayName: 'clinical-restrictions', preset: '../../jest.preset.js' };
