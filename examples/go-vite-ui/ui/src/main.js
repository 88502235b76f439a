// beacon's UI: two views, routed in the browser. The Go server answers every path that is no
// file with index.html, so /checks/<name> can be opened, reloaded and shared.
import "./style.css";
import { checkView, overview } from "./views.js";

const root = document.getElementById("root");

async function render() {
  const res = await fetch("/api/status");
  const status = await res.json();
  const m = location.pathname.match(/^\/checks\/([\w-]+)$/);
  root.innerHTML = m ? checkView(status, m[1]) : overview(status);
}

document.addEventListener("click", (e) => {
  const a = e.target.closest("a[data-route]");
  if (!a) return;
  e.preventDefault();
  history.pushState(null, "", a.getAttribute("href"));
  render();
});
window.addEventListener("popstate", render);
render();
