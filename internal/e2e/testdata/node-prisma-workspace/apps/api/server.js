// An API that needs the workspace's generated Prisma client to start: @prisma/client without
// `prisma generate` has no models.
const http = require("node:http");
const { Prisma } = require("@acme/db");

const models = Object.keys(Prisma.ModelName);
const server = http.createServer((req, res) => {
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify({ models, prisma: Prisma.prismaVersion.client }));
});
server.listen(Number(process.env.PORT) || 3000);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
