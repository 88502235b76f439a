export const tides = [{ harbour: 'Saltcombe', highWater: '06:47' }, { harbour: 'Lowmoor', highWater: '07:12' }];
