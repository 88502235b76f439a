// The harbour board's server: its API, and the board itself, which the client package of this
// workspace builds into apps/client/dist and the server serves from there, as a server
// beside its single-page app in a monorepo does.
const path = require("node:path");
const express = require("express");

const app = express();
app.get("/api/tides", (_req, res) => res.json({ harbour: "Saltcombe", high: "06:47" }));
app.use(express.static(path.join(__dirname, "..", "client", "dist")));
app.listen(Number(process.env.PORT ?? 3000), "0.0.0.0");
