// The release build: src/ into dist/, stamped with the package's version.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const { version } = require('../package.json');
fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
for (const name of fs.readdirSync(path.join(root, 'src'))) {
  let code = fs.readFileSync(path.join(root, 'src', name), 'utf8');
  if (name === 'main.js') {
    code += `exports.built = ${JSON.stringify(version)};\n`;
  }
  fs.writeFileSync(path.join(root, 'dist', name), code);
}
fs.writeFileSync(path.join(root, 'build-info.json'), JSON.stringify({ version, sources: fs.readdirSync(path.join(root, 'src')).length }) + '\n');
