// The almanac as a library, for those who require the package.
const tides = require("./tides");
module.exports = { tides };
