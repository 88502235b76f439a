const departures = [
  { pier: 'Saltcombe', time: '07:15' },
  { pier: 'Lowmoor', time: '08:40' },
];

function next(pier) {
  return departures.find((d) => d.pier.toLowerCase() === pier.toLowerCase()) || null;
}

module.exports = { departures, next };
