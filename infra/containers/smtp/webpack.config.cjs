// The SMTP catcher's image (infra/smtp) as one self-contained file: infra/smtp/mail-catcher.main.ts
// with its two npm packages (smtp-server, mailparser) bundled in, so the image needs no node_modules.
const { join } = require('path');
const { NormalModuleReplacementPlugin } = require('webpack');
const { TsconfigPathsPlugin } = require('tsconfig-paths-webpack-plugin');

const root = join(__dirname, '../../..');
module.exports = (env = {}) => ({
  mode: 'production',
  target: 'node',
  context: root,
  entry: './infra/smtp/mail-catcher.main.ts',
  output: { path: env.out || join(root, 'dist/containers/smtp'), filename: 'main.js', clean: true },
  optimization: { minimize: false },
  resolve: {
    extensions: ['.ts', '.js'],
    plugins: [new TsconfigPathsPlugin({ configFile: join(root, 'tools/tsconfig.json') })],
  },
  // The catcher needs only startMailCatcher; the library's index also reaches testcontainers and kafkajs.
  plugins: [new NormalModuleReplacementPlugin(/^@massage\/testing$/, join(root, 'libs/testing/src/lib/mail-catcher.ts'))],
  module: {
    rules: [{ test: /\.ts$/, loader: 'ts-loader', options: { configFile: join(root, 'tools/tsconfig.json'), transpileOnly: true } }],
  },
});
