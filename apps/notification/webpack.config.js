const CopyPlugin = require('copy-webpack-plugin');
const { join } = require('path');

const config = require('../../tools/webpack/service.webpack')(__dirname, 'notification');

// The message templates are read at run time from templates/ next to main.js
// (@massage/notification-templates, ADR 0022): copy them beside the bundle.
config.plugins.push(
  new CopyPlugin({
    patterns: [{ from: join(__dirname, '../../libs/notification/templates/templates'), to: 'templates' }],
  }),
);

module.exports = config;
