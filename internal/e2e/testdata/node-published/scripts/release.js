// Tags a release; a maintainer's tool, not part of what runs.
console.log('release', require('../package.json').version);
