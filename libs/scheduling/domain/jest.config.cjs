module.exports = { displayName: 'scheduling-domain', preset: '../../../jest.preset.js' };
