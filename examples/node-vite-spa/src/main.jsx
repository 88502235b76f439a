import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Link, Route, Routes, useParams } from "react-router";
import { difficulty, findTrail, trails } from "./trails.js";
import "./style.css";

function TrailList() {
  return (
    <ul>
      {trails.map((t) => (
        <li key={t.slug}>
          <Link to={`/trails/${t.slug}`}>{t.name}</Link> · {t.km} km · {difficulty(t)}
        </li>
      ))}
    </ul>
  );
}

function Trail() {
  const trail = findTrail(useParams().slug);
  if (!trail) return <p>No such trail. <Link to="/">All trails</Link></p>;
  return (
    <article>
      <h2>{trail.name}</h2>
      <p>{trail.km} km, {trail.climb} m of climb ({difficulty(trail)}).</p>
      <p>{trail.notes}</p>
      <Link to="/">All trails</Link>
    </article>
  );
}

function App() {
  return (
    <main>
      <h1><Link to="/">Trail notes</Link></h1>
      <Routes>
        <Route path="/" element={<TrailList />} />
        <Route path="/trails/:slug" element={<Trail />} />
        <Route path="*" element={<p>Nothing here. <Link to="/">All trails</Link></p>} />
      </Routes>
    </main>
  );
}

createRoot(document.getElementById("root")).render(
  <StrictMode>
    <BrowserRouter>
      <App />
    </BrowserRouter>
  </StrictMode>,
);
