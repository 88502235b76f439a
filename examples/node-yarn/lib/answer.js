// answer is the body for a request: the user agent and how long the server has been up.
const ms = require("ms");

function answer(headers, upMillis) {
  return { agent: headers["user-agent"] || "unknown", up: ms(Math.max(0, upMillis)) };
}

module.exports = { answer };
