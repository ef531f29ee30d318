module.exports = { displayName: 'intake-screening', preset: '../../../jest.preset.js' };
