module.exports = { displayName: 'treatment-feature', preset: '../../../jest.preset.js' };
