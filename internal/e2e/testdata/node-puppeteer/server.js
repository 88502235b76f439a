import { createServer } from "node:http";
import { existsSync } from "node:fs";
import puppeteer from "puppeteer";
import { ticketHTML } from "./tickets.js";

const port = Number(process.env.PORT ?? 3000);

createServer((req, res) => {
  if (req.url === "/ticket") {
    res.setHeader("content-type", "text/html");
    res.end(ticketHTML({ from: "Saltcombe", to: "Lowmoor", seat: "12A" }));
    return;
  }
  if (req.url === "/printer") {
    // the browser is the deployment's to provide (PUPPETEER_EXECUTABLE_PATH): the image has none
    const browser = existsSync(puppeteer.executablePath());
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ puppeteer: "loaded", browser }));
    return;
  }
  res.statusCode = 404;
  res.end("not found\n");
}).listen(port, "0.0.0.0");
