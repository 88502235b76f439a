export const tides = [
	{ pier: 'Saltcombe', highWater: '07:12' },
	{ pier: 'Lowmoor', highWater: '07:40' }
];
