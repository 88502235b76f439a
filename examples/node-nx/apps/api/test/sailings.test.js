// Runs on the build (npm test after `nx build api`, as the tester stage does): starts the
// bundle on a port of its own and asks it for a sailing.
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const path = require('node:path');

const bundle = path.join(__dirname, '../../../dist/apps/api/main.js');

async function get(url) {
  for (let i = 0; i < 100; i++) {
    try {
      return await fetch(url);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`no answer from ${url}`);
}

test('the bundle serves sailings by id, and 404 for others', async (t) => {
  const server = spawn(process.execPath, [bundle], { env: { ...process.env, PORT: '3917' }, stdio: 'ignore' });
  t.after(() => server.kill());
  const res = await get('http://127.0.0.1:3917/api/sailings/2');
  assert.equal(res.status, 200);
  assert.equal((await res.json()).route, 'Lowmoor to Gull Island');
  assert.equal((await get('http://127.0.0.1:3917/api/sailings/9')).status, 404);
});
