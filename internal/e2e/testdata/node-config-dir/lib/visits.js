// Each request is appended to logs/visits.log, a directory found from this module's own place
// (lib/..), which the image has to let the server write.
const fs = require("node:fs");
const path = require("node:path");

const LOG_FILE = path.join(__dirname, "..", "logs", "visits.log");

function record(url) {
  fs.appendFileSync(LOG_FILE, url + "\n");
  const lines = fs.readFileSync(LOG_FILE, "utf8").split("\n").filter(Boolean);
  return { last: lines[lines.length - 1], count: lines.length };
}

module.exports = { LOG_FILE, record };
