// The database package of the workspace: the client generated from prisma/schema.prisma.
const { PrismaClient, Prisma } = require("@prisma/client");

module.exports = { PrismaClient, Prisma };
