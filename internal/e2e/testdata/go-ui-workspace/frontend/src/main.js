import { greeting } from "@wsui/greeting";

document.querySelector("#app").textContent = greeting;
