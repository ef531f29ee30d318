module.exports = { displayName: 'intake-feature', preset: '../../../jest.preset.js' };
