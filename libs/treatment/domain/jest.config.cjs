module.exports = { displayName: 'treatment-domain', preset: '../../../jest.preset.js' };
