export const admin = () => document.querySelectorAll("table.orders tr").length;

console.log("admin rows", admin());
