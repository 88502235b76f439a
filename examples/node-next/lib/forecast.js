// A fixed forecast: the board shows it, the API serves it.
export const forecast = [
  { city: 'Lisbon', tempC: 19, sky: 'sunny' },
  { city: 'Oslo', tempC: -3, sky: 'snow' },
  { city: 'Nairobi', tempC: 24, sky: 'cloudy' },
];

export function warmest(list = forecast) {
  return list.reduce((a, b) => (b.tempC > a.tempC ? b : a));
}

export function describe({ city, tempC, sky }) {
  return `${city}: ${tempC} °C, ${sky}`;
}
