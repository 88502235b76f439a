// Runs on the build (npm test after `nx build api`, as the tester stage does): starts the
// bundle on a free port of its own and asks it for a sailing. BuildKit's RUN steps may share
// the host's network (the testbed's buildkitd does), so the port is one the system hands out,
// not a fixed number another build's test could hold at the same time.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');

const bundle = path.join(__dirname, '../../../dist/apps/api/main.js');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// get asks until the server answers, for up to a minute (a busy builder starts it slowly),
// and gives up at once if the server has exited.
async function get(server, url) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) {
      throw new Error(`the bundle exited with ${server.exitCode} before answering ${url}: ${server.stderrText}`);
    }
    try {
      return await fetch(url);
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`no answer from ${url} in 60 s: ${err.cause?.code ?? err.message}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

test('the bundle serves sailings by id, and 404 for others', async (t) => {
  const port = await freePort();
  const server = spawn(process.execPath, [bundle], { env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  server.stderrText = '';
  server.stderr.on('data', (d) => { server.stderrText += d; });
  t.after(() => server.kill());
  const res = await get(server, `http://127.0.0.1:${port}/api/sailings/2`);
  assert.equal(res.status, 200);
  assert.equal((await res.json()).route, 'Lowmoor to Gull Island');
  assert.equal((await get(server, `http://127.0.0.1:${port}/api/sailings/9`)).status, 404);
});
