package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestParcelSite: a build running `parcel build` on HTML entries, named in the command or in
// package.json's source, is a static site of dist/ (--dist-dir, targets.default.distDir), its
// content-hashed bundles cached, built for --public-url's path. Next.js among the dependencies
// without a next.config or a script running next is no Next.js app (deiucanta/chatpad: next for
// @mantine/next, and a Parcel page; the image ran `next start`, and the build failed at the
// check of .next/BUILD_ID).
func TestParcelSite(t *testing.T) {
	const deps = `"dependencies": {"next": "^13.2.0", "react": "^18"}, "devDependencies": {"parcel": "^2.8.3"}`
	for _, c := range []struct {
		name, manifest, dir, base string
		hashed                    bool
	}{
		{"source", `{"source": "src/index.html", "scripts": {"start": "parcel", "build": "parcel build"}, ` + deps + `}`, "dist", "", true},
		{"entry and flags", `{"scripts": {"build": "parcel build src/index.html --dist-dir build --public-url /pad/ --no-source-maps"}, ` + deps + `}`, "build", "pad", true},
		{"targets' distDir, no hash", `{"source": ["src/index.html", "src/about.html"], "targets": {"default": {"distDir": "./www"}}, "scripts": {"build": "parcel build --no-content-hash"}, ` + deps + `}`, "www", "", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			cp, conf := siteOf(t, "language: node\nports: [8080]\n", facts(c.manifest, "yarn.lock", "", "src/index.html", "<div id=app></div>"))
			want := "/app/" + c.dir
			if !slices.Equal(cp.Paths, []string{want}) {
				t.Errorf("site copies %q, want %s", cp.Paths, want)
			}
			if got := strings.Contains(conf, `"~\.[0-9a-f]{8}\.[a-z0-9]+$" "public, max-age=31536000, immutable";`); got != c.hashed {
				t.Errorf("hashed bundles cached: %v, want %v:\n%s", got, c.hashed, conf)
			}
			if c.base != "" && !strings.Contains(conf, "/"+c.base+"/") {
				t.Errorf("the site is not served at /%s/:\n%s", c.base, conf)
			}
		})
	}
	// a library's build (a script entry) is no site; with nothing else for node, planning fails
	_, err := provider.Plan(langtest.Spec(t, "language: node\n"), facts(`{"source": "src/index.ts", "scripts": {"build": "parcel build"}, `+deps+`}`, "yarn.lock", ""))
	if err == nil || !strings.Contains(err.Error(), "cannot tell what node runs") {
		t.Errorf("a Parcel library: %v, want the error naming what was tried", err)
	}
	// next.config, or a script running next, is a Next.js app as before
	p := provider.MustPlan(t, "language: node\n", facts(`{"scripts": {"build": "cross-env NODE_ENV=production next build", "start": "next start"}, `+deps+`}`, "yarn.lock", ""))
	if !slices.Contains(p.Image.Cmd, "start") {
		t.Errorf("Next.js: entrypoint %q cmd %q, want next start", p.Image.Entrypoint, p.Image.Cmd)
	}
}
