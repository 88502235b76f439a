// The page a ticket is printed from; puppeteer renders it to PDF where a browser is installed.
export function ticketHTML({ from, to, seat }) {
  return `<!doctype html><h1>${from} to ${to}</h1><p>Seat ${seat}</p>`;
}
