export enum Pier {
  North,
  South,
}

const departures: Record<Pier, number[]> = {
  [Pier.North]: [8 * 60 + 15, 9 * 60 + 45, 12 * 60],
  [Pier.South]: [9 * 60 + 5, 11 * 60 + 30],
};

// nextDeparture is the first departure from pier at or after minute (of the day), as HH:MM.
export function nextDeparture(pier: Pier, minute: number): string | null {
  const next = departures[pier].find((d) => d >= minute);
  if (next === undefined) return null;
  return `${String(Math.floor(next / 60)).padStart(2, "0")}:${String(next % 60).padStart(2, "0")}`;
}
