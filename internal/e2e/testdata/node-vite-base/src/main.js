// The tides of the day, drawn for the route the browser is at (/harbour/<pier>).
const tides = {
  saltcombe: { high: "06:47", low: "13:02" },
  lowmoor: { high: "07:12", low: "13:25" },
};

const pier = location.pathname.replace(import.meta.env.BASE_URL, "").split("/")[0] || "saltcombe";
const today = tides[pier];
const root = document.getElementById("root");
root.textContent = today ? `${pier}: high water ${today.high}, low water ${today.low}` : `no tides for ${pier}`;
