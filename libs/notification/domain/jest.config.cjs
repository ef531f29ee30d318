module.exports = { displayName: 'notification-domain', preset: '../../../jest.preset.js' };
