module.exports = { displayName: 'treatment-api', preset: '../../../jest.preset.js' };
