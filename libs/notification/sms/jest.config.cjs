module.exports = { displayName: 'notification-sms', preset: '../../../jest.preset.js' };
