// The production server: SvelteKit's handler behind Express, with a health check the
// load balancer asks before the app's own routes.
import express, { type Request, type Response } from 'express';
import { handler } from './build/handler.js';

const app = express();
const started = new Date().toISOString();

app.get('/healthz', (_req: Request, res: Response) => {
	res.json({ ok: true, started });
});
app.use(handler);

const port: number = Number(process.env.PORT ?? 3000);
app.listen(port, '0.0.0.0', () => console.log(`harbour board on ${port}`));
