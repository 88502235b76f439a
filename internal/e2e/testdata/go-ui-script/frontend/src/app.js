// Lists the ledger's entries from its API.
const list = document.getElementById("entries");
const response = await fetch("/api/entries");
for (const { item, cents } of await response.json()) {
  const li = document.createElement("li");
  li.textContent = `${item}: ${(cents / 100).toFixed(2)}`;
  list.append(li);
}
