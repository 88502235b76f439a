package node

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
)

// A lockfile records the URL each package was downloaded from, and npm, yarn and pnpm download
// it from there again. A URL on a registry other than the public one, which no setting of the
// project names, is a developer's mirror that leaked into the lockfile (bulletproof-react's
// yarn.lock: one package from registry.npmmirror.com): the install goes there whatever
// registry the build is given, and fails where the host is out of reach. Planning warns
// (LockfileRegistryHost), naming the first line of each such host.

// publicRegistries are the hosts of npm's public registry.
var publicRegistries = []string{"registry.npmjs.org", "registry.npmjs.com", "registry.yarnpkg.com"}

var (
	// lockTarball is a registry tarball's URL in a lockfile (yarn 1's `resolved "URL"`, npm's
	// `"resolved": "URL"`, pnpm's `tarball: URL`, yarn 2+'s `resolution: "name@URL"`): its host,
	// the path before `/-/` that ends with the package's name, and the file's name.
	lockTarball = regexp.MustCompile(`https?://([^/"'\s#]+)(/[^"'\s#,}]*?)/-/([^/"'\s#,}]+)\.tgz`)
	// registrySetting is a URL on a line of .npmrc, .yarnrc or .yarnrc.yml that sets a
	// registry (`registry=`, `@scope:registry=`, `registry "..."`, `npmRegistryServer:`).
	registrySetting = regexp.MustCompile(`(?mi)^[ \t]*(?:[^#;\s][^\n]*)?registry[^\n]*?https?://([^/"'\s]+)`)
)

// lockHostNotes warn of the registry hosts of the lockfile that are neither public nor set.
func lockHostNotes(f lang.Facts, pm manager) []plan.Note {
	if pm.lockfile == "" {
		return nil
	}
	known := append([]string(nil), publicRegistries...)
	for _, rc := range []string{".npmrc", ".yarnrc", ".yarnrc.yml"} {
		for _, m := range registrySetting.FindAllStringSubmatch(f.Text(rc), -1) {
			known = append(known, strings.ToLower(m[1]))
		}
	}
	text := f.Text(pm.lockfile)
	urls := strings.Count(text, "://")
	for _, k := range known {
		urls -= strings.Count(text, "://"+k+"/")
	}
	if urls <= 0 { // every URL is on a known host: the common case, without the regexp's cost
		return nil
	}
	type found struct {
		line     int
		pkg      string
		packages int
		base     string // the registry's URL: the host and the path before the package's name
	}
	var hosts []string
	byHost := map[string]*found{}
	// the lines holding a tarball's `/-/`, each matched alone: a lockfile is megabytes
	for at := 0; ; {
		i := strings.Index(text[at:], "/-/")
		if i < 0 {
			break
		}
		start := strings.LastIndexByte(text[:at+i], '\n') + 1
		end := len(text)
		if j := strings.IndexByte(text[at+i:], '\n'); j >= 0 {
			end = at + i + j
		}
		at = end
		line := text[start:end]
		for _, m := range lockTarball.FindAllStringSubmatch(line, -1) {
			host := strings.ToLower(m[1])
			if slices.Contains(known, host) {
				continue
			}
			if h := byHost[host]; h != nil {
				h.packages++
				continue
			}
			hosts = append(hosts, host)
			byHost[host] = &found{line: lang.LineAt(text, start), pkg: tarballPackage(m[2], m[3]), packages: 1,
				base: "https://" + host + registryPath(m[2])}
		}
	}
	arg, public := "NPM_CONFIG_REGISTRY", "https://registry.npmjs.org/"
	switch pm.kind {
	case yarnClassic:
		arg, public = "YARN_REGISTRY", "https://registry.yarnpkg.com/"
	case yarnBerry:
		arg = "YARN_NPM_REGISTRY_SERVER"
	}
	var notes []plan.Note
	for _, host := range hosts {
		h := byHost[host]
		more := ""
		if h.packages > 1 {
			more = fmt.Sprintf(" (and %d more packages)", h.packages-1)
		}
		fix := fmt.Sprintf("point %s's URLs at the public registry (the same tarballs, so their integrity stays: "+
			"`sed -i 's#%s#%s#' %s`) and commit it, or name the host in .npmrc (`registry=%s`) if the project means to install from it",
			pm.lockfile, h.base, public, pm.lockfile, h.base)
		notes = append(notes, rules.LockfileRegistryHost.Note("", rules.LockfileRegistryHost.Format(
			fmt.Sprintf("%s:%d", pm.lockfile, h.line), h.pkg, host, more, strings.Fields(string(pm.kind))[0], arg, fix)))
	}
	return notes
}

// registryPath is the path of a registry's URL, ending with "/": a tarball's path before `/-/`
// (dir) without the package's name. A company registry serves below a path of its own
// (huaweicloud's /repository/npm/, Artifactory's /artifactory/api/npm/<repo>/), which the
// public registry's URLs lack: replacing the host alone would keep it.
func registryPath(dir string) string {
	parts := strings.Split(strings.Trim(dir, "/"), "/")
	n := 1
	if len(parts) > 1 && strings.HasPrefix(parts[len(parts)-2], "@") {
		n = 2
	}
	if len(parts) <= n {
		return "/"
	}
	return "/" + strings.Join(parts[:len(parts)-n], "/") + "/"
}

// tarballPackage is the package and version of a registry tarball: dir is the URL's path
// before `/-/` (ending with the name, `@scope/name` or `@scope%2fname`), file its file name
// without `.tgz` (`name-1.2.3`).
func tarballPackage(dir, file string) string {
	parts := strings.Split(strings.Trim(dir, "/"), "/")
	name := parts[len(parts)-1]
	if len(parts) > 1 && strings.HasPrefix(parts[len(parts)-2], "@") {
		name = parts[len(parts)-2] + "/" + name
	}
	base := name
	if i := strings.LastIndex(name, "/"); i >= 0 {
		base = name[i+1:]
	} else if i := strings.Index(strings.ToLower(name), "%2f"); i >= 0 {
		base = name[i+3:]
	}
	if v, ok := strings.CutPrefix(file, base+"-"); ok {
		return name + " " + v
	}
	return name
}
