module.exports = { displayName: 'intake-domain', preset: '../../../jest.preset.js' };
