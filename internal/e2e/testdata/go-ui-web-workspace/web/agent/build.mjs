// The agent's UI: an image of hub must not build it.
console.error("web/agent was built for an image of hub");
process.exit(1);
