module.exports = { displayName: 'scheduling-feature', preset: '../../../jest.preset.js' };
