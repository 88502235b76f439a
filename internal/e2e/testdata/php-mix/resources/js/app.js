// Marks the planets visible tonight; Mix bundles it into public/assets/dist/js/app.js.
const visible = (name) => `${name} (visible)`;

document.querySelectorAll('li').forEach((li) => {
    li.textContent = visible(li.textContent);
});
