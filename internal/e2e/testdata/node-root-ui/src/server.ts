import path from 'node:path';
import express from 'express';

// The UI's build, found from this file's place as Unleash finds frontend/build: dist/ -> ../web/dist.
const ui = path.join(__dirname, '..', 'web', 'dist');

const app = express();
app.get('/api/tides', (_req, res) => {
  res.json({ harbour: 'Saltcombe', highWater: '07:12' });
});
app.use(express.static(ui));

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(`tide-board on ${port}, UI from ${ui}`));
