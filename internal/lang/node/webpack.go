package node

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// legacyProvider is the Node.js flag that loads OpenSSL 3's legacy provider, which has MD4.
const legacyProvider = "--openssl-legacy-provider"

// md4Webpack: webpack hashes modules with MD4 by default up to 5.60 (output.hashFunction), from
// Node.js's crypto; Node.js 17 and later link OpenSSL 3, which has MD4 only in its legacy
// provider, so such a build stops with `error:0308010C:digital envelope routines::unsupported`
// (webpack 5.61 brought an MD4 of its own in WebAssembly). Projects whose lockfile pins an older
// webpack are many: Create React App 4, Vue CLI 4, Angular 12, NestJS's CLI 7 and 8 (`nest build`
// with `webpack: true`, a monorepo's default), each built on the Node.js of its day. The build
// and the tests run with NODE_OPTIONS=--openssl-legacy-provider, as webpack's issue and those
// tools' own answers say, unless build.env sets NODE_OPTIONS; the image does not.
func md4Webpack(f lang.Facts, lockfile string, ver nodeVersion) (env []plan.Env, why string) {
	if major, err := strconv.Atoi(ver.major); err != nil || major < 17 || lockfile == "" {
		return nil, ""
	}
	for _, v := range lockedVersions(f.Text(lockfile), lockfile, "webpack") {
		if md4Hashes(v) {
			return []plan.Env{{Key: "NODE_OPTIONS", Value: legacyProvider}},
				fmt.Sprintf("NODE_OPTIONS=%s: webpack %s (%s) hashes with MD4, which node %s's OpenSSL 3 has only in its legacy provider", legacyProvider, v, lockfile, ver.major)
		}
	}
	return nil, ""
}

// md4Hashes reports a webpack version before 5.61.
func md4Hashes(version string) bool {
	parts := strings.SplitN(version, ".", 3)
	if len(parts) < 2 {
		return false
	}
	major, err1 := strconv.Atoi(parts[0])
	minor, err2 := strconv.Atoi(parts[1])
	return err1 == nil && err2 == nil && major > 0 && (major < 5 || major == 5 && minor < 61)
}

// lockedVersions are the versions of the package name that a lockfile installs, anywhere in the
// tree: npm's (the packages map of lockfileVersion 2 and 3, the nested dependencies of 1),
// yarn's (1 and berry) and pnpm's (5 to 9), read as text where they are not JSON.
func lockedVersions(text, lockfile, name string) []string {
	var out []string
	switch lockfile {
	case "package-lock.json", "npm-shrinkwrap.json":
		var lock struct {
			Packages map[string]struct {
				Version string `json:"version"`
			} `json:"packages"`
			Dependencies map[string]npmV1Dep `json:"dependencies"`
		}
		if json.Unmarshal([]byte(text), &lock) != nil {
			return nil
		}
		for key, p := range lock.Packages {
			if key == "node_modules/"+name || strings.HasSuffix(key, "/node_modules/"+name) {
				out = append(out, p.Version)
			}
		}
		out = append(out, npmV1Versions(lock.Dependencies, name)...)
	case "yarn.lock":
		// `webpack@^5.28.0, webpack@^5.1.0:` or `"webpack@npm:^5.28.0":`, then `  version "5.28.0"` (1) or `  version: 5.28.0` (berry)
		re := regexp.MustCompile(`(?m)^"?` + regexp.QuoteMeta(name) + `@[^\n]*:\n\s+version:? "?([0-9][^"\s]*)`)
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			out = append(out, m[1])
		}
	case "pnpm-lock.yaml":
		// `/webpack/5.28.0:` (5), `/webpack@5.28.0(esbuild@0.19.0):` (6), `webpack@5.28.0:` (9)
		re := regexp.MustCompile(`(?m)^\s+'?/?` + regexp.QuoteMeta(name) + `[@/]([0-9][^:(_'\s]*)`)
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			out = append(out, m[1])
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// npmV1Dep is an entry of npm's lockfileVersion 1 tree.
type npmV1Dep struct {
	Version      string              `json:"version"`
	Dependencies map[string]npmV1Dep `json:"dependencies"`
}

// npmV1Versions are the versions of name in lockfileVersion 1's nested dependencies.
func npmV1Versions(deps map[string]npmV1Dep, name string) []string {
	var out []string
	for key, d := range deps {
		if key == name {
			out = append(out, d.Version)
		}
		out = append(out, npmV1Versions(d.Dependencies, name)...)
	}
	return out
}
