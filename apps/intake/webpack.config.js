module.exports = require('../../tools/webpack/service.webpack')(__dirname, 'intake');
