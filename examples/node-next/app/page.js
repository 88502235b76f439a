import { forecast, warmest, describe } from '../lib/forecast';

export const dynamic = 'force-dynamic';

export default function Home() {
  const top = warmest();
  return (
    <main>
      <img src="/sun.svg" alt="" width={48} height={48} />
      <h1>Weather board</h1>
      <p>Warmest today: {describe(top)}</p>
      <ul>
        {forecast.map((f) => (
          <li key={f.city}>{describe(f)}</li>
        ))}
      </ul>
    </main>
  );
}
