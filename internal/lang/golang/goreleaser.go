package golang

import (
	"cmp"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
	"golang.org/x/mod/modfile"
	"gopkg.in/yaml.v3"
)

// goreleaserFiles are the names GoReleaser reads its configuration from, in its order. A
// project that releases with it says there which main package is its program and what the
// binary is called (pocketbase: main ./examples/base, binary pocketbase; listmonk: ./cmd), which
// the main.go files cannot tell.
var goreleaserFiles = []string{".goreleaser.yml", ".goreleaser.yaml", "goreleaser.yml", "goreleaser.yaml"}

type goreleaserConfig struct {
	ProjectName string            `yaml:"project_name"`
	Env         []string          `yaml:"env"` // every build's environment, before its own
	Builds      []goreleaserBuild `yaml:"builds"`
	// Build is GoReleaser's early form of one build (`build:`, before `builds:`), which
	// watchtower's goreleaser.yml still uses: read as the only build when builds is empty.
	Build   *goreleaserBuild `yaml:"build"`
	Dockers []struct {
		IDs []string `yaml:"ids"`
	} `yaml:"dockers"`
}

type goreleaserBuild struct {
	ID      string    `yaml:"id"`
	Builder string    `yaml:"builder"`
	Dir     string    `yaml:"dir"`
	Main    string    `yaml:"main"`
	Binary  string    `yaml:"binary"`
	Goos    []string  `yaml:"goos"`
	Skip    any       `yaml:"skip"`
	Tags    flagArray `yaml:"tags"`
	Flags   flagArray `yaml:"flags"`
	Ldflags any       `yaml:"ldflags"` // a string or a list of them
	Env     []string  `yaml:"env"`
}

// flagArray is GoReleaser's FlagArray: a list of strings, or one string (answer's `flags: -v`),
// which a []string field would refuse, failing the whole configuration.
type flagArray []string

func (a *flagArray) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*a = flagArray{n.Value}
		return nil
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*a = list
	return nil
}

// release is the build GoReleaser's configuration makes for Linux (released).
type release struct {
	// Pkg is its main package relative to the context, Name its binary ("" when a template
	// names it), File the configuration's file name.
	Pkg, Name, File string
	// Tags are its build tags (`tags`, and `-tags=` in `flags`); none when one is a template.
	Tags []string
	// Stamps are the `-X name=value` of its ldflags whose value is a template GoReleaser fills
	// in (`main.version={{.Version}}`), as written; Consts those whose value is plain text
	// (screego's `main.mode=prod`), but `goreleaser` (`main.builtBy=goreleaser`).
	Stamps, Consts []string
	// Said is how the file writes a stamp's value, when it is not a GoReleaser template (a
	// Makefile's `main.version=$(BUILD_VERSION)` for `main.version={{.Version}}`; makestamps.go).
	Said map[string]string
	// Optional says the stamps are GoReleaser's default ldflags, which the build did not write:
	// a variable the program does not declare is passed over, not named by VersionNotStamped.
	Optional bool
	// Cgo is CGO_ENABLED as its environment sets it, the build's over the configuration's
	// (litestream: CGO_ENABLED=0): "0", "1", or "" when neither sets it to one of them.
	Cgo string
	// Others are the programs of the configuration's other Go builds for Linux in the same
	// directory (toxiproxy's CLI beside its server), each main package once, named by its
	// binary: they ship beside the one the image runs, as several cmd/ programs do.
	Others []binary
	// Defaults are the args' defaults of stamps whose value the source does not give, by
	// variable: promu's {{.Version}}, the VERSION file's content (promu.go).
	Defaults map[string]stampDefaultOf
}

// stampDefaultOf is the default of a stamp's arg, and what it is (its description says).
type stampDefaultOf struct{ Value, Said string }

// released is the program GoReleaser's configuration builds for Linux: the first Go build that
// its first docker image takes (`dockers[].ids`), else the first Go build for Linux. pkg is its
// main package relative to the context ("." or "./cmd/app": `dir` joined with `main`, a
// directory or a .go file, default the root), name its binary (`binary`, or project_name for
// the default "{{ .ProjectName }}"; "" when a template names it), and its build tags. It is nil
// without a configuration, or when none of its builds is such a build. Each of Toolchain,
// Follow and projectTags parses the configuration once and passes this to what needs it
// (found, releaseTags, projectTagsOf).
func released(f lang.Facts) *release {
	dir, project := ".", moduleName(modfile.ModulePath(f["go.mod"]))
	file := f.First(goreleaserFiles...)
	if below, _ := moduleBelow(f); file == "" && below != "" {
		// the configuration of the module below a root that has none (homebox's
		// backend/.goreleaser.yaml), whose paths are the module's and whose project is named
		// after the module (projectName: homebox, not backend)
		dir, project = below, projectName(module{Dir: below, Path: modfile.ModulePath(f[path.Join(below, "go.mod")])})
		if file = f.First(goreleaserFiles...); file == "" {
			for _, name := range goreleaserFiles {
				if f.Has(path.Join(below, name)) {
					file = path.Join(below, name)
					break
				}
			}
		}
	}
	if file == "" && dir == "." {
		return promuRelease(f) // the Prometheus projects' .promu.yml (promu.go)
	}
	var c goreleaserConfig
	if file == "" || yaml.Unmarshal(f[file], &c) != nil {
		return nil
	}
	if len(c.Builds) == 0 && c.Build != nil {
		c.Builds = []goreleaserBuild{*c.Build}
	}
	var builds []goreleaserBuild
	for _, b := range c.Builds {
		if skip, _ := b.Skip.(bool); !skip && (b.Builder == "" || b.Builder == "go") && (len(b.Goos) == 0 || slices.Contains(b.Goos, "linux")) {
			builds = append(builds, b)
		}
	}
	if len(builds) == 0 {
		return nil
	}
	b := builds[0]
	if len(c.Dockers) > 0 && len(c.Dockers[0].IDs) > 0 {
		if i := slices.IndexFunc(builds, func(b goreleaserBuild) bool { return slices.Contains(c.Dockers[0].IDs, b.ID) }); i >= 0 {
			b = builds[i]
		}
	}
	rel, name, ok := b.program(dir, cmp.Or(c.ProjectName, project))
	if !ok {
		return nil
	}
	var others []binary
	for _, o := range builds {
		opkg, oname, ok := o.program(dir, cmp.Or(c.ProjectName, project))
		if ok && o.Dir == b.Dir && oname != "" && opkg != rel && !slices.ContainsFunc(others, func(x binary) bool { return x.Pkg == opkg || x.Name == oname }) {
			others = append(others, binary{Pkg: opkg, Name: oname})
		}
	}
	stamps, consts := b.stamps()
	optional := b.Ldflags == nil // the defaults stamp what the program declares, and nothing else
	var cgo string
	for _, kv := range slices.Concat(c.Env, b.Env) {
		if v, ok := strings.CutPrefix(strings.TrimSpace(kv), "CGO_ENABLED="); ok {
			cgo = ""
			if v == "0" || v == "1" {
				cgo = v
			}
		}
	}
	return &release{Pkg: rel, Name: name, File: file, Tags: b.tags(), Stamps: stamps, Consts: consts, Cgo: cgo, Optional: optional, Others: others}
}

// program is a build's main package relative to the context (dir, the configuration's, joined
// with `dir` and `main`, a directory or a .go file, default the root), and its binary's name
// (`binary`, project for the default "{{ .ProjectName }}"; "" when a template names it); not
// ok for a package path that is a template or leaves the context.
func (b goreleaserBuild) program(dir, project string) (pkg, name string, ok bool) {
	main := b.Main
	if strings.HasSuffix(main, ".go") {
		main = path.Dir(main)
	}
	rel, ok := lang.CleanRelPath(path.Join(dir, b.Dir, main))
	if !ok || strings.Contains(rel, "{{") || !pkgPath.MatchString(rel) {
		return "", "", false
	}
	name = cmp.Or(b.Binary, "{{ .ProjectName }}") // GoReleaser's default binary
	if strings.Contains(name, "{{") {
		// GoReleaser infers a project name not written from the release's repository, which
		// a Go project names as its module's last element (github.com/umputun/reproxy)
		name = binaryOf(name, project)
	}
	name = path.Base(name)
	if name == "." || name == "/" || binName.MatchString(name) || strings.HasPrefix(name, "-") {
		name = ""
	}
	return rel, name, true
}

// platformField is a template of `binary` naming the platform or the release a binary is built
// for ({{ .Os }}, {{ .Arch }}, {{ .Version }}), which an image's one binary does not need.
var platformField = regexp.MustCompile(`\{\{-?\s*\.(?:Os|Arch|Arm|Arm64|Amd64|Mips|I386|Target|Version|Tag)\s*-?\}\}`)

// binaryOf is the name a templated `binary` gives the image's program: {{ .ProjectName }} is
// project, the platform's and the release's fields are left out with the separators around
// them (remark42's "remark42.{{ .Os }}-{{ .Arch }}" → remark42); "" when another template
// remains ({{ .Env.NAME }}).
func binaryOf(tmpl, project string) string {
	name := projectField.ReplaceAllLiteralString(tmpl, project)
	name = platformField.ReplaceAllString(name, "\x00")
	if strings.Contains(name, "{{") {
		return ""
	}
	var kept []string
	for _, part := range strings.Split(name, "\x00") {
		if part = strings.Trim(part, ".-_"); part != "" {
			kept = append(kept, part)
		}
	}
	if len(kept) != 1 {
		return "" // the fields were between two words, which would stay joined by what separated them
	}
	return kept[0]
}

var projectField = regexp.MustCompile(`\{\{-?\s*\.ProjectName\s*-?\}\}`)

// templateSpaces are the spaces inside a template's braces.
var templateSpaces = regexp.MustCompile(`\{\{\s*(.*?)\s*\}\}`)

// versionTemplate is a value of GoReleaser's templates that says which release a binary is:
// its version or tag, commit, or date (not {{.Arch}} or {{.Env.X}}).
var versionTemplate = regexp.MustCompile(`=.*\{\{[^}]*\.(Version|RawVersion|Tag|Commit|ShortCommit|FullCommit|Date|CommitDate|Timestamp|CommitTimestamp)\b`)

// defaultLdflags are the ldflags GoReleaser gives a build that writes none (its documentation's
// builds.ldflags default): dagu's release stamps main.version with them.
const defaultLdflags = "-s -w -X main.version={{.Version}} -X main.commit={{.Commit}} -X main.date={{.Date}} -X main.builtBy=goreleaser"

// stamps are the `-X name=value` of the build's ldflags (a string, or a list of strings) whose
// value is a release's template: the version, commit and date GoReleaser stamps into the binary;
// consts those whose value is plain text, which the release build sets (a mode, a channel).
func (b goreleaserBuild) stamps() (stamps, consts []string) {
	var flags []string
	if b.Ldflags == nil { // GoReleaser's default, for a build that writes none
		flags = []string{defaultLdflags}
	}
	switch l := b.Ldflags.(type) {
	case string:
		flags = []string{l}
	case []any:
		for _, v := range l {
			if s, ok := v.(string); ok {
				flags = append(flags, s)
			}
		}
	}
	for _, words := range flags {
		// {{ .Version }} is one word, and so is a template with a function's arguments
		// ({{ trimsuffix .CommitDate "Z" }}), its inner spaces kept as \x00 until the stamp is cut
		fields := strings.Fields(templateSpaces.ReplaceAllStringFunc(words, func(t string) string {
			return "{{" + strings.ReplaceAll(templateSpaces.FindStringSubmatch(t)[1], " ", "\x00") + "}}"
		}))
		for i := range fields {
			fields[i] = strings.ReplaceAll(fields[i], "\x00", " ")
		}
		for _, x := range xFlags(fields) {
			x = strings.Trim(x, `"'`)
			_, value, _ := strings.Cut(x, "=")
			switch {
			case slices.Contains(stamps, x) || slices.Contains(consts, x):
			case versionTemplate.MatchString(x):
				stamps = append(stamps, x)
			case plainStamp.MatchString(x) && value != "goreleaser":
				consts = append(consts, x)
			}
		}
	}
	return stamps, consts
}

// plainStamp is a `-X name=value` whose value is plain text: no template, quote or variable.
var plainStamp = regexp.MustCompile(`^[\w./-]+\.\w+=[^{}$"'\s]*$`)

// buildTag is a build tag as the go command takes one (letters, digits, _ and .).
var buildTag = regexp.MustCompile(`^[A-Za-z0-9_.]+$`)

// tags are the build's tags: `tags`, then those of a `-tags=a,b` in `flags`; none when one is
// not a plain tag (a template such as {{ .Env.TAGS }}, which only GoReleaser can fill in).
func (b goreleaserBuild) tags() []string {
	list := slices.Clone(b.Tags)
	for _, flag := range b.Flags {
		if v, ok := strings.CutPrefix(strings.TrimLeft(flag, "-"), "tags="); ok {
			list = append(list, strings.Split(v, ",")...)
		}
	}
	var words []string
	for _, t := range list {
		for _, t := range strings.Split(t, ",") { // tags: [a,b] is one YAML string
			if t = strings.TrimSpace(t); t != "" {
				words = append(words, t)
			}
		}
	}
	return plainTags(words)
}

// plainTags are the words, each once; none when one is not a plain tag (buildTag).
func plainTags(words []string) []string {
	var out []string
	for _, t := range words {
		if !buildTag.MatchString(t) {
			return nil
		}
		out = lang.AppendNew(out, t)
	}
	return out
}

// releaseTags are the build tags of the GoReleaser build the image is, r (found takes it when
// the spec names no main package), which every go command of the build gets, as GoReleaser
// gives them to its go build: none when build.env sets GOFLAGS, whose tags are then the build's.
func releaseTags(s *spec.Spec, f lang.Facts, r *release) []string {
	if _, set := s.Build.Env.Get("GOFLAGS"); set || !namesNoMain(s) || !f.Has("go.mod") || f.Has("go.work") || r == nil {
		return nil
	}
	return r.Tags
}
