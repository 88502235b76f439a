import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { nextDeparture, Pier } from "./timetable";

// Run by tsx: the import above has no extension and Pier is an enum, neither of which node's
// own type stripping runs.
const port = Number(process.env.PORT ?? 3000);

// written by the postinstall script, from the source (the working directory is the package's)
const { departures } = JSON.parse(readFileSync("src/departures.json", "utf8"));

createServer((req, res) => {
  if (req.url === "/departures") {
    res.end(`${departures} departures a day\n`);
    return;
  }
  const pier = req.url === "/north" ? Pier.North : Pier.South;
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ pier: Pier[pier], next: nextDeparture(pier, 9 * 60) }));
}).listen(port, () => console.log(`ferry times on ${port}`));
