// The API's routes, apart from the listener so the tests need no socket.
import express from "express";
import { greet, uptime } from "@acme/shared";

export function createApp(started = Date.now()) {
  const app = express();
  app.get("/", (req, res) => {
    res.json({ service: "api", message: greet(req.query.name), uptime: uptime(started), uid: process.getuid?.() });
  });
  app.get("/healthz", (req, res) => res.type("text").send("ok"));
  return app;
}
