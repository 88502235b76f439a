package node

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// nestMonorepoPkg is a NestJS 7 project in monorepo mode, as `nest new` and `nest generate app`
// left it in 2021: `nest build` bundles the default project with webpack.
const nestMonorepoPkg = `{"name": "hub", "private": true,
 "scripts": {"build": "nest build", "start": "nest start", "start:prod": "node dist/apps/hub/main"},
 "dependencies": {"@nestjs/common": "^7.6.15", "@nestjs/core": "^7.6.15", "@nestjs/platform-express": "^7.6.15", "reflect-metadata": "^0.1.13", "rxjs": "^6.6.6"},
 "devDependencies": {"@nestjs/cli": "^7.6.0", "typescript": "^4.2.3"}}`

// nestMonorepoCLI is nest-cli.json of that project.
const nestMonorepoCLI = `{"collection": "@nestjs/schematics", "sourceRoot": "apps/hub/src", "monorepo": true, "root": "apps/hub",
 "compilerOptions": {"webpack": true, "tsConfigPath": "apps/hub/tsconfig.app.json"},
 "projects": {"hub": {"type": "application", "root": "apps/hub", "entryFile": "main", "sourceRoot": "apps/hub/src"}}}`

// npmV1Lock is an npm 6 lockfile (lockfileVersion 1) with webpack below @nestjs/cli and at the top.
func npmV1Lock(webpack string) string {
	return `{"name": "hub", "lockfileVersion": 1, "requires": true, "dependencies": {
 "@nestjs/cli": {"version": "7.6.0", "dev": true, "dependencies": {"webpack": {"version": "` + webpack + `", "dev": true}}},
 "ms": {"version": "2.1.3"}}}`
}

// TestOldWebpackBuildsWithTheLegacyProvider: webpack before 5.61 hashes with MD4, which Node.js
// 17 and later (OpenSSL 3) have only in the legacy provider: a NestJS 7 monorepo's `nest build`
// stopped with `error:0308010C:digital envelope routines::unsupported` on the default Node.js.
// The build runs with NODE_OPTIONS=--openssl-legacy-provider when the lockfile pins such a
// webpack and node is 17 or later; not with a newer webpack, an older node, or a NODE_OPTIONS of
// the spec's build.env; never in the image.
func TestOldWebpackBuildsWithTheLegacyProvider(t *testing.T) {
	tsconfig := `{"compilerOptions": {"module": "commonjs", "outDir": "./dist"}}`
	plan := func(spec, lock string) (string, string, []string) {
		t.Helper()
		p := provider.MustPlan(t, spec, facts(nestMonorepoPkg, "package-lock.json", lock, "nest-cli.json", nestMonorepoCLI, "tsconfig.json", tsconfig))
		build := lastRun(p.Stage("builder"))
		if got := strings.Join(build.Args, " "); got != "npm run build" {
			t.Fatalf("the build runs %q", got)
		}
		var image []string
		for _, e := range p.Image.Env {
			image = append(image, e.Key)
		}
		if got, want := langtest.Env(lastRun(p.Stage("tester")).Env, "NODE_OPTIONS"), langtest.Env(build.Env, "NODE_OPTIONS"); got != want {
			t.Errorf("the tests' NODE_OPTIONS %q, want the build's %q", got, want)
		}
		return langtest.Env(build.Env, "NODE_OPTIONS"), p.Stage("builder").Description, image
	}
	v, desc, image := plan("language: node\nports: [3000]\n", npmV1Lock("5.28.0"))
	if v != "--openssl-legacy-provider" {
		t.Errorf("webpack 5.28.0 on node 24: the build's NODE_OPTIONS %q, want --openssl-legacy-provider", v)
	}
	if !strings.Contains(desc, "webpack 5.28.0 (package-lock.json) hashes with MD4") {
		t.Errorf("builder description %q, want it to say why", desc)
	}
	if slices.Contains(image, "NODE_OPTIONS") {
		t.Errorf("image env %q: the flag is the build's only", image)
	}
	for _, tc := range []struct{ name, spec, lock, want string }{
		{"webpack 5.61", "language: node\n", npmV1Lock("5.61.0"), ""},
		{"node 16", "language: node\nversion: \"16\"\n", npmV1Lock("5.28.0"), ""},
		{"the spec's NODE_OPTIONS", "language: node\nbuild:\n  env:\n    NODE_OPTIONS: --max-old-space-size=4096\n", npmV1Lock("5.28.0"), "--max-old-space-size=4096"},
	} {
		if v, desc, _ := plan(tc.spec, tc.lock); v != tc.want || strings.Contains(desc, "MD4") {
			t.Errorf("%s: the build's NODE_OPTIONS %q, description %q, want %q and no word of MD4", tc.name, v, desc, tc.want)
		}
	}
}

// TestLockedVersions reads a package's versions from every lockfile format.
func TestLockedVersions(t *testing.T) {
	for _, tc := range []struct {
		lockfile, text string
		want           []string
	}{
		{"package-lock.json", `{"lockfileVersion": 3, "packages": {"": {}, "node_modules/webpack": {"version": "4.47.0"},
 "node_modules/@vue/cli-service/node_modules/webpack": {"version": "5.60.0"}, "node_modules/webpack-cli": {"version": "4.0.0"}}}`, []string{"4.47.0", "5.60.0"}},
		{"package-lock.json", npmV1Lock("5.28.0"), []string{"5.28.0"}},
		{"yarn.lock", "webpack-cli@^4:\n  version \"4.0.0\"\n\nwebpack@4.44.2, webpack@^4.0.0:\n  version \"4.44.2\"\n  resolved \"https://registry.yarnpkg.com/webpack/-/webpack-4.44.2.tgz\"\n", []string{"4.44.2"}},
		{"yarn.lock", "__metadata:\n  version: 8\n\n\"webpack@npm:^5.28.0\":\n  version: 5.28.0\n  resolution: \"webpack@npm:5.28.0\"\n", []string{"5.28.0"}},
		{"pnpm-lock.yaml", "lockfileVersion: 5.4\npackages:\n  /webpack/5.28.0_webpack-cli@4.0.0:\n    resolution: {}\n  /webpack-cli/4.0.0:\n", []string{"5.28.0"}},
		{"pnpm-lock.yaml", "lockfileVersion: '6.0'\npackages:\n  /webpack@5.58.2(esbuild@0.19.0):\n    resolution: {}\n", []string{"5.58.2"}},
		{"pnpm-lock.yaml", "lockfileVersion: '9.0'\npackages:\n  webpack@5.97.1:\n    resolution: {}\nsnapshots:\n  webpack@5.97.1(esbuild@0.24.0):\n", []string{"5.97.1"}},
	} {
		if got := lockedVersions(tc.text, tc.lockfile, "webpack"); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q\n%s", tc.lockfile, got, tc.want, tc.text)
		}
	}
	for v, want := range map[string]bool{"4.47.0": true, "5.28.0": true, "5.60.9": true, "5.61.0": false, "5.97.1": false, "6.0.0": false, "x": false} {
		if md4Hashes(v) != want {
			t.Errorf("md4Hashes(%q) = %v, want %v", v, !want, want)
		}
	}
}
