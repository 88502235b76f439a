import "../css/app.css";

document.documentElement.dataset.shop = "ready";
