module.exports = { displayName: 'scheduling-api', preset: '../../../jest.preset.js' };
