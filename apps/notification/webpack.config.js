const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

// One self-contained bundle per service (libs inlined, node_modules external) plus a pruned package.json,
// so each service builds and ships on its own.
module.exports = {
  output: { path: join(__dirname, '../../dist/apps/notification') },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: true,
      sourceMap: true,
    }),
  ],
};
