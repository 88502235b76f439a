// The almanac's page is written into build/prod from its template, the tide table inlined, as a
// webpack task would: a site Grunt builds, while package.json's main is the library below.
const tides = require("./src/node/tides");

module.exports = function (grunt) {
    grunt.registerTask("prod", "Write the almanac into build/prod", function () {
        const page = grunt.file.read("./src/web/index.html");
        const rows = tides.map(t => `<li>${t.harbour}: high water ${t.high}</li>`).join("\n");
        grunt.file.write("build/prod/index.html", page.replace("<!-- TIDES -->", rows));
        grunt.file.write("build/prod/almanac.css", "body { font-family: serif; }\n");
    });
    grunt.registerTask("dev", ["prod"]);
};
