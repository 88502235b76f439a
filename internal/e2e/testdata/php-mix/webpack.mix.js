// Laravel Mix writes into its public path: the bundles below public/assets/dist and the
// manifest, public/mix-manifest.json, which mix() reads on every page (not committed).
const mix = require('laravel-mix');

mix.setPublicPath('public')
    .js('resources/js/app.js', 'assets/dist/js')
    .css('resources/css/app.css', 'assets/dist/css')
    .version();
