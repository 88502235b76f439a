import type { APIRoute } from 'astro';
import { harbour, range } from '../../lib/tides.mjs';

export const GET: APIRoute = ({ url }) => {
  const h = harbour(url.searchParams.get('harbour') ?? '');
  return Response.json({ harbour: h.name, range: range(h), tides: h.tides });
};
