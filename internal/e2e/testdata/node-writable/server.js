// A harbour notebook: GET /note?text=... writes the note into data/ (relative to the working
// directory, which the spec makes writable) and answers with what it reads back, beside the
// entry the build context put there; every note is logged into log/, which compose.yaml mounts
// a volume on (so the image makes it writable too), and counted in tally/, which the repository
// keeps empty with a .gitkeep and this file names (so the image makes it writable as well).
const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");

const data = path.resolve("data");
const option = (name, fallback) => process.env[name] ?? fallback; // envalid's str({ default }), shortened
const tally = option("TALLY_FILE", "tally/notes");

http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  try {
    if (url.pathname === "/note") {
      fs.writeFileSync(path.join(data, "note.txt"), url.searchParams.get("text") ?? "");
      fs.appendFileSync(path.resolve("log", "notes.log"), (url.searchParams.get("text") ?? "") + "\n");
      fs.appendFileSync(tally, "1");
    }
    const answer = {
      note: fs.existsSync(path.join(data, "note.txt")) ? fs.readFileSync(path.join(data, "note.txt"), "utf8") : null,
      first: fs.readFileSync(path.join(data, "first.txt"), "utf8").trim(),
    };
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(answer));
  } catch (err) {
    console.error(err.message);
    res.writeHead(500, { "content-type": "text/plain" });
    res.end(err.message + "\n");
  }
}).listen(Number(process.env.PORT ?? 3000), "0.0.0.0");
