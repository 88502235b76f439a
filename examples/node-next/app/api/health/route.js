import { warmest } from '../../../lib/forecast';

export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok', warmest: warmest().city, uid: process.getuid() });
}
