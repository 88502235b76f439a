import { tides } from '$lib/tides.js';

export function load() {
	return { tides };
}
