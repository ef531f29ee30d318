const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

/**
 * The build of every service: one self-contained bundle (libs inlined, node_modules external) plus a
 * pruned package.json and lockfile in dist/apps/<service>, so each service builds and ships on its own.
 */
module.exports = function serviceWebpackConfig(appDir, service) {
  return {
    output: { path: join(__dirname, '../../dist/apps', service) },
    context: appDir,
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
};
