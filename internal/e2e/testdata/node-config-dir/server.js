const http = require("node:http");
const { loadSettings } = require("./lib/config");

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
    res.end(JSON.stringify(settings));
  })
  .listen(Number(process.env.PORT) || 3000, () => console.log("listening"));
