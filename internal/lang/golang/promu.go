package golang

import (
	"cmp"
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"gopkg.in/yaml.v3"
)

// The Prometheus projects and their exporters release with promu, not GoReleaser: a `.promu.yml`
// at the root names the programs (`build.binaries`, each a name and a path relative to the
// module, default the repository's name at the root), the build tags (`build.tags.all`, and
// those for linux), and the `-X` stamps of `build.ldflags`, templates promu fills in:
// `github.com/prometheus/common/version.Version={{.Version}}`, `.Revision={{.Revision}}`,
// `.Branch={{.Branch}}`, `.BuildUser={{user}}@{{host}}`, `.BuildDate={{date "..."}}`. It is read
// as a GoReleaser build is (released), its templates translated: {{.Version}} is the content of
// the VERSION file beside it, as promu reads it, so the arg VERSION defaults to it and the image
// says its release with no --build-arg; {{.Revision}} is the commit (COMMIT) and {{date ...}}
// the build date (DATE). Branch and the builder's user@host say nothing of which release the
// binary is, and are not stamped. prometheus/common/version's variables are declared empty, so
// an arg not given stamps what the program says unstamped.

// promuFile is promu's configuration file.
const promuFile = ".promu.yml"

type promuConfig struct {
	Go struct {
		Cgo bool `yaml:"cgo"`
	} `yaml:"go"`
	Repository struct {
		Path string `yaml:"path"`
	} `yaml:"repository"`
	Build struct {
		Binaries []struct {
			Name string `yaml:"name"`
			Path string `yaml:"path"`
		} `yaml:"binaries"`
		Flags   string              `yaml:"flags"`
		Tags    map[string][]string `yaml:"tags"`
		LDFlags string              `yaml:"ldflags"`
	} `yaml:"build"`
	Tarball struct {
		Files []string `yaml:"files"`
	} `yaml:"tarball"`
}

// readPromu is the root's .promu.yml; false without one or when it does not parse.
func readPromu(f lang.Facts) (c promuConfig, ok bool) {
	ok = f.Has(promuFile) && yaml.Unmarshal(f[promuFile], &c) == nil
	return c, ok
}

// promuTarballFiles are the files .promu.yml's tarball.files lists, context paths, which promu
// puts at the top of its release tarball beside the programs (prometheus'
// documentation/examples/prometheus.yml as prometheus.yml): none without the file.
func promuTarballFiles(f lang.Facts) []string {
	c, ok := readPromu(f)
	if !ok {
		return nil
	}
	var out []string
	for _, file := range c.Tarball.Files {
		if p, ok := lang.ContextPath(file); ok && p == path.Clean(file) {
			out = append(out, p)
		}
	}
	return out
}

// promuTemplates are promu's templates of a stamp's value, as GoReleaser's fields stampsOf
// reads (Branch, user and host are none).
var promuTemplates = map[*regexp.Regexp]string{
	regexp.MustCompile(`\{\{\s*\.Version\s*\}\}`):      "{{.Version}}",
	regexp.MustCompile(`\{\{\s*\.Revision\s*\}\}`):     "{{.Commit}}",
	regexp.MustCompile(`\{\{\s*date\s+"[^"]*"\s*\}\}`): "{{.Date}}",
}

// commonVersion is the package of prometheus/common whose variables promu's ldflags stamp.
const commonVersion = "github.com/prometheus/common/version."

// promuRelease is the build of the root's .promu.yml, as released reads GoReleaser's: nil without
// one, or when its first program's path is not a package of the context.
func promuRelease(f lang.Facts) *release {
	c, ok := readPromu(f)
	if !ok {
		return nil
	}
	bins := c.Build.Binaries
	if len(bins) == 0 { // promu's default: the repository's name, built at the root
		bins = append(bins, struct {
			Name string `yaml:"name"`
			Path string `yaml:"path"`
		}{Name: path.Base(c.Repository.Path)})
	}
	var out []binary
	for _, b := range bins {
		pkg, ok := lang.CleanRelPath(cmp.Or(b.Path, ".")) // relative to the module: its root by default
		if !ok || !pkgPath.MatchString(pkg) {
			return nil
		}
		name := b.Name
		if binName.MatchString(name) || name == "." {
			name = ""
		}
		out = append(out, binary{Pkg: pkg, Name: name})
	}
	b := goreleaserBuild{Tags: append(c.Build.Tags["all"], c.Build.Tags["linux"]...), Flags: strings.Fields(c.Build.Flags)}
	ldflags, said := c.Build.LDFlags, map[string]string{}
	for _, x := range xFlags(strings.Fields(ldflags)) {
		variable, value, _ := strings.Cut(x, "=")
		for re, tmpl := range promuTemplates {
			if re.MatchString(value) {
				said[variable+"="+re.ReplaceAllLiteralString(value, tmpl)] = x
			}
		}
	}
	for re, tmpl := range promuTemplates {
		ldflags = re.ReplaceAllLiteralString(ldflags, tmpl)
	}
	b.Ldflags = ldflags
	stamps, consts := b.stamps()
	r := &release{Pkg: out[0].Pkg, Name: out[0].Name, File: promuFile, Tags: b.tags(), Stamps: stamps, Consts: consts, Said: said, Others: out[1:]}
	if c.Go.Cgo {
		r.Cgo = "1"
	}
	version := strings.TrimSpace(string(f["VERSION"]))
	for _, x := range stamps {
		variable, value, _ := strings.Cut(x, "=")
		switch {
		case strings.Contains(value, "{{.Version}}") && version != "" && !strings.ContainsAny(version, "'\n"):
			r.defaultOf(variable, version, "the VERSION file's, as promu stamps it")
		case strings.HasPrefix(variable, commonVersion):
			r.defaultOf(variable, "", "empty, as prometheus/common declares it")
		}
	}
	return r
}

// defaultOf records the default of the arg stamping variable, and what it is.
func (r *release) defaultOf(variable, value, said string) {
	if r.Defaults == nil {
		r.Defaults = map[string]stampDefaultOf{}
	}
	r.Defaults[variable] = stampDefaultOf{Value: value, Said: said}
}
