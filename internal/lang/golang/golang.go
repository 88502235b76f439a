// Package golang plans Go builds: modules downloaded in deps, a static, trimmed binary
// cross-compiled on the build platform in builder, go test in tester, distroless at runtime.
package golang

import (
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// latestGo is the toolchain used when neither the spec nor go.mod names one.
const latestGo = "1.26"

const (
	modCache   = "/go/pkg/mod"
	buildCache = "/root/.cache/go-build"
	srcDir     = "/src"
	outDir     = "/out"
)

// Provider plans Go modules.
type Provider struct{}

// Name is the spec's language value.
func (Provider) Name() string { return "go" }

// Markers mark a Go project.
func (Provider) Markers() []string { return []string{"go.mod"} }

// Reads are the files Plan looks at.
func (Provider) Reads() []string { return []string{"go.mod", "go.sum", "vendor/modules.txt"} }

// toolArgs reach go mod download and go build when given with --build-arg, never the image.
var toolArgs = []plan.Arg{
	{Name: "GOPROXY", Description: "Go module proxy (a company mirror)"},
	{Name: "GOPRIVATE", Description: "module paths fetched directly, not through the proxy"},
	{Name: "GONOSUMDB", Description: "module paths not checked against the checksum database"},
	{Name: "GONOPROXY", Description: "module paths not fetched through the proxy"},
	{Name: "GOSUMDB", Description: "checksum database"},
	{Name: "GOINSECURE", Description: "module paths fetched without TLS"},
	{Name: "GOFLAGS", Description: "flags added to every go command"},
}

var (
	goLine     = regexp.MustCompile(`(?m)^go\s+([0-9]+\.[0-9]+)(\.[0-9]+)?\s*$`)
	moduleLine = regexp.MustCompile(`(?m)^module\s+"?([^\s"]+)"?\s*$`)
	// requireLine finds a require directive: a module with dependencies needs a go.sum.
	requireLine = regexp.MustCompile(`(?m)^require\b`)
	pkgPath     = regexp.MustCompile(`^[A-Za-z0-9._~+/-]+$`)
	binName     = regexp.MustCompile(`[^A-Za-z0-9._-]`)
)

// Runtime aliases for a static Go binary.
var runtime = lang.Runtime{
	Aliases: map[string]string{
		"distroless": "gcr.io/distroless/static-debian12:nonroot",
		"scratch":    "",
		"alpine":     "alpine:3.22",
		"slim":       "debian:bookworm-slim",
	},
	Default: "distroless",
	Shells:  []string{"alpine", "slim"},
	AddUser: []string{"alpine", "slim"},
	CAStage: "builder",
}

// Plan expands a Go spec.
func (Provider) Plan(s *spec.Spec, f lang.Facts) (*plan.Plan, error) {
	if !f.Has("go.mod") {
		return nil, lang.FieldError(s, "language", "run `go mod init` or set `language`", "no go.mod in the build context")
	}
	gomod := f.Text("go.mod")
	version := s.Version
	if version == "" {
		version = latestGo
		if m := goLine.FindStringSubmatch(gomod); m != nil {
			version = m[1]
		}
	}
	module := ""
	if m := moduleLine.FindStringSubmatch(gomod); m != nil {
		module = m[1]
	}
	pkg, err := mainPackage(s, module)
	if err != nil {
		return nil, err
	}
	name := programName(pkg, module)
	image := s.Build.Image
	if image == "" {
		image = "golang:" + version
	}

	p := &plan.Plan{Language: "go", Default: "runtime"}
	buildArgs, depArgs := lang.Args(p, s, toolArgs)
	lang.Secrets(p, s)
	secrets := lang.SecretMounts(s)
	caches := []plan.Mount{{Type: plan.MountCache, ID: "go-mod", Target: modCache}}
	buildCaches := slices.Concat(caches, []plan.Mount{{Type: plan.MountCache, ID: "go-build", Target: buildCache}})
	env := lang.BuildEnv(s)
	base := lang.FirstField(s, "build.image", "version", "language")

	depFiles := []string{"go.mod"}
	if f.Has("go.sum") {
		depFiles = append(depFiles, "go.sum")
	}
	deps := &plan.Stage{
		Name: "deps", Description: "download the modules of " + strings.Join(depFiles, " "),
		Base: plan.Base{Image: image}, BuildPlatform: true, Workdir: srcDir, Field: base,
	}
	if len(s.Build.Packages) > 0 { // before go.mod, so a dependency change does not reinstall them
		deps.Steps = append(deps.Steps, lang.InstallPackages(lang.PackageManagerOf(image), s.Build.Packages, "build.packages"))
	}
	deps.Steps = append(deps.Steps, &plan.Copy{Origin: plan.Origin{Field: base}, Paths: depFiles, Dest: "./"})
	if !f.Has("go.sum") && !f.Has("vendor/modules.txt") && requireLine.MatchString(gomod) {
		p.Notes = append(p.Notes, rules.MissingLockfile.Note(lang.FirstField(s, "language"), rules.MissingLockfile.Format(
			"go.mod requires modules but the build context has no go.sum: the build cannot verify them "+
				"and fails on a missing go.sum entry; run `go mod tidy` and add go.sum to the context")))
	}
	if f.Has("vendor/modules.txt") {
		deps.Description = "copy " + strings.Join(depFiles, " ") + " (modules are vendored)"
	} else {
		deps.Steps = append(deps.Steps, &plan.Run{Origin: plan.Origin{Field: base},
			Args: []string{"go", "mod", "download"}, Env: env, Mounts: slices.Concat(caches, secrets), UseArgs: depArgs})
	}

	out := path.Join(outDir, name)
	build := &plan.Run{Origin: plan.Origin{Field: lang.FirstField(s, "build.command", "entrypoint", "language")},
		Env: append([]plan.Env{
			{Key: "CGO_ENABLED", Value: "0"}, {Key: "GOOS", Value: "${TARGETOS}"}, {Key: "GOARCH", Value: "${TARGETARCH}"},
		}, env...),
		Mounts: slices.Concat(buildCaches, secrets), UseArgs: buildArgs}
	if s.Build.Command != nil {
		build.Args, build.Display = s.Build.Command.Args(), s.Build.Command.String()
	} else {
		build.Args = []string{"go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, pkg}
		build.Display = `go build -trimpath -ldflags="-s -w" -o ` + out + " " + pkg
	}
	builder := &plan.Stage{
		Name: "builder", Description: "build " + pkg + " into " + out,
		Base: plan.Base{Stage: "deps"}, BuildPlatform: true, Field: build.Field,
		Steps: []plan.Step{&plan.Copy{Origin: plan.Origin{Field: build.Field}, Paths: []string{"."}, Dest: "./"}, build,
			lang.Expect(lang.Expected{Paths: []string{out}, What: "the program", Field: build.Field, Executable: true,
				Fix: "`build.command` must write it there, and `entrypoint` must name a main package"})},
	}
	p.Stages = append(p.Stages, deps, builder)

	if t := lang.Tester(s, []string{"go", "test", "./..."}, plan.Run{Env: env, Mounts: buildCaches, UseArgs: buildArgs}); t != nil {
		p.Stages = append(p.Stages, t)
	}

	rt := runtime
	rtImage, rtAlias := rt.RuntimeImage(s)
	if rt.Setup, err = lang.RuntimePackages(s, rtImage, rtAlias); err != nil {
		return nil, err
	}
	rt.BuilderImage = image
	rt.Title = name
	bin := "/usr/local/bin/" + name
	rt.Entrypoint = []string{bin}
	rt.Artifacts = []*plan.Copy{{Origin: plan.Origin{Field: lang.FirstField(s, "entrypoint", "language")},
		FromStage: "builder", Paths: []string{out}, Dest: bin}}
	return rt.Finish(s, p)
}

// mainPackage is the package to build, as a relative path inside the module.
func mainPackage(s *spec.Spec, module string) (string, error) {
	ep := strings.TrimSpace(s.Entrypoint)
	if ep == "" {
		return ".", nil
	}
	if module != "" && (ep == module || strings.HasPrefix(ep, module+"/")) {
		ep = "." + strings.TrimPrefix(ep, module)
	}
	rel, ok := lang.CleanRelPath(ep)
	if !ok || !pkgPath.MatchString(ep) {
		return "", lang.FieldError(s, "entrypoint", "write the main package as a path in the module, e.g. ./cmd/server",
			"%q is not a package directory inside the build context", s.Entrypoint)
	}
	return rel, nil
}

// programName names the binary after its package directory, or the module for the root package.
func programName(pkg, module string) string {
	name := path.Base(pkg)
	if pkg == "." {
		name = path.Base(module)
		if len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" && strings.Contains(module, "/") {
			name = path.Base(path.Dir(module)) // example.com/tool/v2 -> tool
		}
	}
	name = binName.ReplaceAllString(name, "-")
	if name == "" || name == "." || name == "/" || strings.HasPrefix(name, "-") {
		return "app"
	}
	return name
}
