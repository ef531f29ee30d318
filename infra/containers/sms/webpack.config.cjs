// The SMS stand-in's image (infra/sms) as one self-contained file: infra/sms/sms-catcher.main.ts with
// @massage/notification-sms bundled in (Node built-ins only), so the image needs no node_modules.
const { join } = require('path');
const { TsconfigPathsPlugin } = require('tsconfig-paths-webpack-plugin');

const root = join(__dirname, '../../..');
module.exports = (env = {}) => ({
  mode: 'production',
  target: 'node',
  context: root,
  entry: './infra/sms/sms-catcher.main.ts',
  output: { path: env.out || join(root, 'dist/containers/sms'), filename: 'main.js', clean: true },
  optimization: { minimize: false },
  resolve: {
    extensions: ['.ts', '.js'],
    plugins: [new TsconfigPathsPlugin({ configFile: join(root, 'tools/tsconfig.json') })],
  },
  module: {
    rules: [{ test: /\.ts$/, loader: 'ts-loader', options: { configFile: join(root, 'tools/tsconfig.json'), transpileOnly: true } }],
  },
});
