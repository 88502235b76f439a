package golang

import (
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"gopkg.in/yaml.v3"
)

// goreleaserFiles are the names GoReleaser reads its configuration from, in its order. A
// project that releases with it says there which main package is its program and what the
// binary is called (pocketbase: main ./examples/base, binary pocketbase; listmonk: ./cmd), which
// the main.go files cannot tell.
var goreleaserFiles = []string{".goreleaser.yml", ".goreleaser.yaml", "goreleaser.yml", "goreleaser.yaml"}

type goreleaserConfig struct {
	ProjectName string            `yaml:"project_name"`
	Builds      []goreleaserBuild `yaml:"builds"`
	Dockers     []struct {
		IDs []string `yaml:"ids"`
	} `yaml:"dockers"`
}

type goreleaserBuild struct {
	ID      string   `yaml:"id"`
	Builder string   `yaml:"builder"`
	Dir     string   `yaml:"dir"`
	Main    string   `yaml:"main"`
	Binary  string   `yaml:"binary"`
	Goos    []string `yaml:"goos"`
	Skip    any      `yaml:"skip"`
}

// released is the program GoReleaser's configuration builds for Linux: the first Go build that
// its first docker image takes (`dockers[].ids`), else the first Go build for Linux. pkg is its
// main package relative to the context ("." or "./cmd/app": `dir` joined with `main`, a
// directory or a .go file, default the root), name its binary (`binary`, or project_name for
// the default "{{ .ProjectName }}"; "" when a template names it). ok is false without a
// configuration, or when none of its builds is such a build.
func released(f lang.Facts) (pkg, name, file string, ok bool) {
	for _, file = range goreleaserFiles {
		if f.Has(file) {
			break
		}
		file = ""
	}
	var c goreleaserConfig
	if file == "" || yaml.Unmarshal(f[file], &c) != nil {
		return "", "", "", false
	}
	var builds []goreleaserBuild
	for _, b := range c.Builds {
		if skip, _ := b.Skip.(bool); !skip && (b.Builder == "" || b.Builder == "go") && (len(b.Goos) == 0 || slices.Contains(b.Goos, "linux")) {
			builds = append(builds, b)
		}
	}
	if len(builds) == 0 {
		return "", "", "", false
	}
	b := builds[0]
	if len(c.Dockers) > 0 && len(c.Dockers[0].IDs) > 0 {
		if i := slices.IndexFunc(builds, func(b goreleaserBuild) bool { return slices.Contains(c.Dockers[0].IDs, b.ID) }); i >= 0 {
			b = builds[i]
		}
	}
	main := b.Main
	if strings.HasSuffix(main, ".go") {
		main = path.Dir(main)
	}
	rel, ok := lang.CleanRelPath(path.Join(".", b.Dir, main))
	if !ok || strings.Contains(rel, "{{") || !pkgPath.MatchString(rel) {
		return "", "", "", false
	}
	name = b.Binary
	if strings.Contains(name, "{{") {
		name = ""
		if strings.ReplaceAll(b.Binary, " ", "") == "{{.ProjectName}}" {
			name = c.ProjectName
		}
	}
	name = path.Base(name)
	if name == "." || name == "/" || binName.MatchString(name) || strings.HasPrefix(name, "-") {
		name = ""
	}
	return rel, name, file, true
}
