module.exports = [
  { harbour: "Saltcombe", high: "06:47" },
  { harbour: "Lowmoor", high: "07:12" },
];
