package node

import (
	"cmp"
	"fmt"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// A Nuxt project built for static hosting writes files only: `nuxt generate` (Nuxt's docs'
// static hosting, and the build script Azure's and others' guides give), `nuxt build
// --prerender`, or a static Nitro preset in nuxt.config (`nitro: {preset: 'static'}`,
// 'github-pages', 'netlify-static', ...). Nuxt 3 and later write the pages to .output/public
// and no .output/server, so node has nothing to run: the image is a static site. With `ssr:
// false` the pages are one shell routed in the browser, and the build writes 200.html for the
// paths it did not prerender; otherwise each prerendered route is a page, and 404.html the
// rest's. A preset for a platform (Vercel's, Netlify's, Cloudflare's functions, a handler)
// builds no server node runs either: planning fails naming it (nuxtPresetWhy).

// nuxtConfigs are the files Nuxt loads its configuration from.
var nuxtConfigs = []string{"nuxt.config.ts", "nuxt.config.js", "nuxt.config.mjs", "nuxt.config.mts", "nuxt.config.cjs"}

// nuxtNoSSR is `ssr: false`, read at the top level of the configuration's object (topIndent).
var nuxtNoSSR = regexp.MustCompile(`(?m)^([ \t]*)ssr\s*:\s*false\b`)

// nuxtSite reports a Nuxt project whose build prerenders its pages and writes no server: the
// build script generates, or the Nitro preset is static, as nitroPresetIn reads it with env, the
// spec's build.env (`preset: process.env.NITRO_PRESET || 'static'`, or NITRO_PRESET alone).
func nuxtSite(f lang.Facts, m manifest, env spec.KeyValues) bool {
	if !m.Deps["nuxt"] {
		return false
	}
	if nuxtGenerate.MatchString(siteBuildScript(m)) {
		return true
	}
	preset, _ := nitroPresetIn(f, env, true)
	return staticPreset(preset)
}

// nitroPreset is the Nitro preset nuxt.config names as a string literal (`nitro: {preset:
// 'static'}`), "" when it names none.
func nitroPreset(f lang.Facts) string {
	preset, _ := nitroPresetIn(f, nil, false)
	return preset
}

// nitroPresetProp is a `preset:` property on a line of its own, its value the rest of the line.
var nitroPresetProp = regexp.MustCompile(`(?m)^[ 	]*preset\s*:\s*([^
]+)$`)

// nitroPresetIn is the Nitro preset a Nuxt build uses, and where it is set: nuxt.config's
// nitro.preset, a string literal or a value of the environment (`process.env.NITRO_PRESET ||
// 'vercel'`, read with env, the spec's build.env: jsEnvValue), which wins over NITRO_PRESET
// (Nuxt hands its nitro options to Nitro as overrides); else NITRO_PRESET or SERVER_PRESET of
// env. Without withEnv, the literal alone.
func nitroPresetIn(f lang.Facts, env spec.KeyValues, withEnv bool) (preset, from string) {
	config := f.First(nuxtConfigs...)
	nitro, _ := jsExported(f.Text(config))["nitro"].(map[string]any)
	switch v := nitro["preset"].(type) {
	case string:
		return v, config
	case nil:
	default:
		if !withEnv {
			return "", ""
		}
		lookup := buildScriptEnv("", env)
		for _, m := range nitroPresetProp.FindAllStringSubmatch(f.Text(config), -1) {
			if v, ok := jsEnvValue(jsLineValue(m[1]), lookup); ok && v != "" {
				return v, config
			}
		}
		return "", ""
	}
	for _, name := range []string{"NITRO_PRESET", "SERVER_PRESET"} {
		if v, ok := env.Get(name); ok {
			return v, "the spec's build.env " + name
		}
	}
	return "", ""
}

// staticPreset reports a Nitro preset that writes files only: `static`, the Git forges' pages,
// and the platforms' `-static` variants (Nitro reads `_` as `-`).
func staticPreset(name string) bool {
	name = strings.ReplaceAll(strings.ToLower(name), "_", "-")
	return name == "static" || name == "github-pages" || name == "gitlab-pages" || strings.HasSuffix(name, "-static")
}

// nuxtSiteTool is the site a prerendering Nuxt build writes: .output/public (Nuxt 2's
// `nuxt generate`: dist/), its bundles under /_nuxt/, and with `ssr: false` a shell routed in
// the browser whose fallback page is 200.html.
func nuxtSiteTool(f lang.Facts, m manifest, t siteTool) siteTool {
	if n := rangeMajor(m.Ranges["nuxt"]); n == 2 {
		t.out = "dist"
	}
	config := f.Text(f.First(nuxtConfigs...))
	top := topIndent(config)
	for _, sm := range nuxtNoSSR.FindAllStringSubmatch(config, -1) {
		if len(sm[1]) == top {
			t.spa, t.fallback = true, "200.html"
		}
	}
	return t
}

// nuxtContentDB is the directory the image gives Nuxt Content's database, when the package
// uses Nuxt Content 3 or later and its nuxt.config names no database. Content 3 serves its
// pages from SQLite, which the server fills from the build's dump at the first query; for a
// node server the file is ./contents.sqlite beside the server's chunks in .output/server,
// which the runtime user cannot write (and a read-only root refuses): every query failed with
// `unable to open database file` and the pages with content answered 404 or 500. The image
// sets the file by Nuxt's runtime configuration (NUXT_CONTENT_DATABASE_FILENAME) in an empty
// directory of its own that the runtime user owns (.data/content-db, not the build's
// .data/content, whose local database has the same name); under a read-only root it needs a
// volume or a tmpfs there, and it is a cache the server refills.
func nuxtContentDB(p pkg) (string, bool) {
	if !p.m.Deps["nuxt"] || !p.m.Deps["@nuxt/content"] || rangeMajor(p.m.Ranges["@nuxt/content"]) < 3 {
		return "", false
	}
	for _, name := range nuxtConfigs {
		if p.has(name) {
			content, _ := jsExported(p.text(name))["content"].(map[string]any)
			if _, set := content["database"]; set {
				return "", false
			}
			break
		}
	}
	return ".data/content-db", true
}

// nitroPlatforms are the platforms of Nitro's presets that build no server node runs, by the
// preset's first word.
var nitroPlatforms = map[string]string{"vercel": "Vercel's functions", "netlify": "Netlify's functions",
	"cloudflare": "Cloudflare Workers", "aws": "AWS Lambda", "azure": "Azure Functions", "firebase": "Firebase's functions",
	"deno": "Deno", "bun": "Bun", "node": "a handler another server imports (`node`, `node-middleware`, `node-listener`)"}

// nuxtPresetWhy says why a Nuxt project builds no server node runs: its nuxt.config names a
// Nitro preset for a platform (Vercel's, Netlify's, Cloudflare's functions, a handler), whose
// build writes no .output/server/index.mjs that listens. NITRO_PRESET in the spec's build.env
// wins over the config, as Nitro reads it.
func nuxtPresetWhy(p pkg) (why, fix string) {
	if !p.m.Deps["nuxt"] {
		return "", ""
	}
	preset, from := nitroPresetIn(p.f.In(p.dir), p.buildEnv, true)
	name := strings.ReplaceAll(strings.ToLower(preset), "_", "-")
	if !strings.HasPrefix(name, "cloudflare") { // NuxtHub 0.9 refuses a node server's preset too
		if why, fix := nuxtHubWhy(p); why != "" {
			return why, fix
		}
	}
	if name == "" || name == "node-server" || name == "node-cluster" || staticPreset(name) {
		return "", ""
	}
	platform := cmp.Or(nitroPlatforms[strings.SplitN(name, "-", 2)[0]], "another platform than a node server")
	why = fmt.Sprintf("Nuxt with the Nitro preset %q (%s), which builds for %s, not a server node runs", preset, from, platform)
	if nitroPreset(p.f.In(p.dir)) != preset { // read from the environment
		return why, "set `build: {env: {NITRO_PRESET: node-server}}` (.output/server/index.mjs is then the server the image runs)"
	}
	return why, fmt.Sprintf("write `preset: process.env.NITRO_PRESET || %q` in nuxt.config's nitro and set `build: {env: {NITRO_PRESET: node-server}}` "+
		"(a preset nuxt.config writes wins over Nitro's variable; .output/server/index.mjs is then the server the image runs), "+
		"or `preset: 'static'` for a site of files", preset)
}

// nuxtHubWhy says why a Nuxt project on NuxtHub before 0.10 (@nuxthub/core, which Sink and
// other NuxtHub templates depend on) builds no server node runs: that module sets Nitro's
// preset to cloudflare-pages for a production build when none is set, and stops the build
// ("NuxtHub is only compatible with the `cloudflare-pages` and `cloudflare-module` presets") on
// any other, node-server included; its KV, AI and analytics are Cloudflare's bindings. NuxtHub 0.10 and
// later build for other providers. A range that allows 0.10 is not read as legacy.
func nuxtHubWhy(p pkg) (why, fix string) {
	r, ok := p.m.Ranges["@nuxthub/core"]
	if !ok || !p.m.Deps["@nuxthub/core"] || !belowMinor(r, 0, 10) {
		return "", ""
	}
	return fmt.Sprintf("Nuxt with @nuxthub/core %s, which builds for Cloudflare (Pages, or Workers with a cloudflare-module preset) "+
			"when no preset is set and stops the build on any other, not a server node runs", r),
		"deploy it to Cloudflare (wrangler), or move to NuxtHub 0.10 or later, which builds for a node server " +
			"(.output/server/index.mjs is then the server the image runs)"
}

// belowMinor reports whether every version the semver range r allows is below major.minor;
// false for what it cannot read.
func belowMinor(r string, major, minor int) bool {
	limit := version{major, minor, 0}
	for _, part := range strings.Split(r, "||") {
		in, ok := parseSet(strings.TrimSpace(part))
		if !ok || in.hi[0] < 0 || limit.less(in.hi) {
			return false
		}
	}
	return true
}
