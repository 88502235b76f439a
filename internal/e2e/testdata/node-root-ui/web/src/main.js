const board = document.getElementById('board');
fetch('/api/tides')
  .then((res) => res.json())
  .then((t) => {
    board.textContent = `${t.harbour}: high water ${t.highWater}`;
  });
