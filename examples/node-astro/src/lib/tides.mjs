// Tide times of a few harbours, and what a visitor wants to know about them.
export const harbours = {
  lowmoor: { name: 'Lowmoor', tides: [{ at: '04:12', kind: 'high', metres: 4.6 }, { at: '10:31', kind: 'low', metres: 0.9 },
    { at: '16:40', kind: 'high', metres: 4.4 }, { at: '22:55', kind: 'low', metres: 1.1 }] },
  saltcombe: { name: 'Saltcombe', tides: [{ at: '05:03', kind: 'high', metres: 3.8 }, { at: '11:20', kind: 'low', metres: 0.6 },
    { at: '17:29', kind: 'high', metres: 3.7 }, { at: '23:41', kind: 'low', metres: 0.8 }] },
};

// harbour is the one a query names, Lowmoor when it names none it knows.
export function harbour(id) {
  return harbours[id] ?? harbours.lowmoor;
}

// range is the difference between the highest high water and the lowest low water, in metres.
export function range(h) {
  const levels = h.tides.map((t) => t.metres);
  return Math.round((Math.max(...levels) - Math.min(...levels)) * 10) / 10;
}
