const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function overview(status) {
  const rows = status.checks
    .map((c) => `<li><a data-route href="/checks/${esc(c.name)}">${esc(c.name)}</a> ${c.ok ? "ok" : "failing"}</li>`)
    .join("");
  return `<h1>beacon</h1><p>up for ${esc(status.uptime)}</p><ul>${rows}</ul>`;
}

export function checkView(status, name) {
  const c = status.checks.find((x) => x.name === name);
  if (!c) return `<p>No check named ${esc(name)}. <a data-route href="/">All checks</a></p>`;
  return `<h1>${esc(c.name)}</h1><p>${c.ok ? "passing" : "failing"}: ${esc(c.detail)}</p><a data-route href="/">All checks</a>`;
}
