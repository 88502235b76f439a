// webpack 5.28 hashes modules with MD4 (output.hashFunction's default until 5.61), which
// Node.js 17+ has only in OpenSSL 3's legacy provider.
const path = require('path');

module.exports = {
  mode: 'production',
  target: 'node',
  entry: './src/server.js',
  output: { path: path.resolve(__dirname, 'dist'), filename: 'main.js' },
};
