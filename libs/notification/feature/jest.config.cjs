module.exports = { displayName: 'notification-feature', preset: '../../../jest.preset.js' };
