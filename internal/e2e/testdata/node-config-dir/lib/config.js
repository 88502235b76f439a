// The board's settings live in a directory of their own, below the working directory unless
// HARBOUR_CONFIG_DIR names one; the first start fills it from skeleton/.
const fs = require("node:fs");
const path = require("node:path");

const CONFIG_DIR = process.env.HARBOUR_CONFIG_DIR
  ? process.env.HARBOUR_CONFIG_DIR
  : path.join(process.cwd(), "config");

function loadSettings() {
  if (!fs.existsSync(CONFIG_DIR)) {
    fs.mkdirSync(CONFIG_DIR, { recursive: true });
  }
  const file = path.join(CONFIG_DIR, "settings.json");
  if (!fs.existsSync(file)) {
    fs.copyFileSync(path.join(process.cwd(), "skeleton", "settings.json"), file);
  }
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

module.exports = { CONFIG_DIR, loadSettings };
