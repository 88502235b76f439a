// The server's messages, read at start from messages/ in its working directory: a directory
// beside the build's dist/, which the image must hold.
import { readFileSync } from "node:fs";

export const patchedMessage = readFileSync("messages/patched.txt", "utf8").trim();
