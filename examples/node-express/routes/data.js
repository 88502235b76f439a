// The trails the app knows, longest first.
const trails = [
  { id: 'ridge', name: 'Ridge Loop', km: 14.2 },
  { id: 'lake', name: 'Lake Shore', km: 8.5 },
  { id: 'falls', name: 'Falls Spur', km: 3.1 },
].sort((a, b) => b.km - a.km);

function findTrail(id) {
  return trails.find((t) => t.id === id);
}

module.exports = { trails, findTrail };
