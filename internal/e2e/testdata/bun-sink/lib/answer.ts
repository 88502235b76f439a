import ms from "ms";
import pkg from "ms/package.json";
import { query } from "./query.js";

export async function answer(): Promise<Response> {
  return Response.json({ query: await query(), ms: pkg.version, day: ms(86400000), uid: process.getuid?.() });
}
