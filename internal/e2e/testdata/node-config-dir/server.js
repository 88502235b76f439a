const http = require("node:http");
const { loadSettings } = require("./lib/config");
const { record } = require("./lib/visits");

let settings;
try {
  settings = loadSettings();
} catch (err) {
  console.error("cannot initialise the settings:", err.message);
  process.exit(1);
}

http
  .createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    const visits = record(req.url);
    res.end(JSON.stringify(req.url === "/visits" ? visits : settings));
  })
  .listen(Number(process.env.PORT) || 3000, () => console.log("listening"));
