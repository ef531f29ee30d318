module.exports = { displayName: 'notification-templates', preset: '../../../jest.preset.js' };
