// Serves public/, whose stylesheets `npm run styles` compiles from Sass.
const http = require("node:http");
const fs = require("node:fs");
const path = require("node:path");

const types = { ".html": "text/html", ".css": "text/css" };
const root = path.join(__dirname, "public");

http.createServer((req, res) => {
  const file = path.join(root, req.url === "/" ? "index.html" : path.normalize(req.url));
  if (!file.startsWith(root) || file.endsWith(".scss")) {
    res.writeHead(404);
    return res.end("not here\n");
  }
  fs.readFile(file, (err, data) => {
    if (err) {
      res.writeHead(404);
      return res.end("not here\n");
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(data);
  });
}).listen(Number(process.env.PORT) || 3000, "0.0.0.0");
