// The trails the app lists. A real app would fetch them; a static list keeps the example small.
export const trails = [
  { slug: "ridge-loop", name: "Ridge Loop", km: 11.4, climb: 620, notes: "Exposed after the second saddle; start early." },
  { slug: "river-walk", name: "River Walk", km: 5.2, climb: 40, notes: "Flat, shaded, good in any season." },
  { slug: "pine-steps", name: "Pine Steps", km: 7.8, climb: 410, notes: "Four hundred wooden steps in the first kilometre." },
];

export function findTrail(slug) {
  return trails.find((t) => t.slug === slug);
}

// difficulty grades a trail by climb per kilometre, as the park's signs do.
export function difficulty({ km, climb }) {
  const perKm = climb / km;
  if (perKm >= 50) return "hard";
  if (perKm >= 20) return "moderate";
  return "easy";
}
