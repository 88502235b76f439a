// Package dotnet plans .NET projects: the project files, solution, global.json and MSBuild's
// and NuGet's settings files first, dotnet restore for the target architecture with NuGet's
// packages in deps' layer; dotnet publish on the build platform (-a $TARGETARCH, no emulation)
// in builder; dotnet test in tester; and Microsoft's chiseled aspnet, runtime or runtime-deps
// image at runtime as APP_UID (1654). It declares its toolchain (lang.Declarer): the stages are
// the skeleton's.
package dotnet

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/static"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// Provider plans .NET projects.
type Provider struct{}

var _ lang.Follower = Provider{}

const (
	srcDir = "/src"
	outDir = "/out"
	// defaultDotnet is the .NET version when nothing names one: the newest LTS.
	defaultDotnet = "10.0"
	// appUID is the non-root user every .NET 8+ image has (app, $APP_UID), appHome its home.
	appUID   = "1654:1654"
	appHome  = "/home/app"
	registry = "mcr.microsoft.com/dotnet/"
	// packagesDir is NuGet's global packages folder for root (NUGET_PACKAGES).
	packagesDir = "/root/.nuget/packages"
)

// nugetCache holds the packages restore downloads: in deps' layer, so a registry cache carries
// them to a fresh runner, and mounted seeded from it by publish and the tests. Shared: NuGet
// locks what it writes.
var nugetCache = lang.Cache{ID: "nuget", Target: packagesDir, InLayer: true}

// Language is .NET's registry entry. Project and solution files have the project's name, so
// detection reads them by pattern.
func (Provider) Language() lang.Language {
	return lang.Language{
		Name: "dotnet", Markers: []string{"global.json"}, Detect: detect,
		Reads:    slices.Concat(projectPatterns, solutionPatterns, []string{"global.json", "packages.lock.json"}, settingsFiles),
		Runtimes: []string{"distroless", "slim", "alpine", static.Alias},
	}
}

// detect recognises a project or solution file at the top of the context.
func detect(f lang.Facts) string {
	for _, pat := range slices.Concat(solutionPatterns, projectPatterns) {
		if m := f.Glob(pat); len(m) > 0 {
			return m[0]
		}
	}
	return ""
}

// Follow reads the projects the solutions list and the projects reference, the project the
// spec's entrypoint names, and the settings files and lockfiles beside them and above them.
func (Provider) Follow(s *spec.Spec, f lang.Facts) []string {
	var out lang.Asks
	ask := out.Add
	if s != nil && s.Entrypoint != "" {
		if p, ok := contextPath(".", s.Entrypoint); ok {
			if isProject(p) {
				ask(p)
			} else {
				for _, pat := range projectPatterns {
					ask(path.Join(p, pat))
				}
			}
		}
	}
	for name, data := range f {
		switch {
		case strings.HasSuffix(name, ".sln") || strings.HasSuffix(name, ".slnx"):
			for _, p := range solutionProjects(name, data) {
				ask(p)
			}
		case isProject(name):
			if pr, ok := readProject(name, data); ok {
				for _, r := range pr.References {
					ask(r)
				}
			}
			ask(path.Join(path.Dir(name), "packages.lock.json"))
			for _, cfg := range slices.Concat(appSettings, listenSources) {
				ask(path.Join(path.Dir(name), cfg))
			}
			for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
				for _, sf := range settingsFiles {
					ask(path.Join(dir, sf))
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// Toolchain declares a .NET build.
func (Provider) Toolchain(s *spec.Spec, f lang.Facts) (*lang.Toolchain, error) {
	projects := readProjects(f)
	entry, err := chooseEntry(s, projects)
	if err != nil {
		return nil, err
	}
	v, err := dotnetVersion(s, entry)
	if err != nil {
		return nil, err
	}
	m := modeOf(entry)
	aspnet := aspNetCore(entry, projects)
	if s.Runtime == "scratch" || (s.Runtime == "alpine" && m == aot) {
		return nil, lang.FieldError(s, "runtime", "use `runtime: distroless` (the default) or slim",
			"%s cannot run on %s: .NET's chiseled and Debian images carry what a .NET program needs (glibc, ICU when wanted)", entry.name(), s.Runtime)
	}
	rt := runtimeFor(v, repository(aspnet, m), entry.Invariant == "false")
	_, alias := rt.RuntimeImage(s)
	site := entry.browserApp()
	if site {
		alias = static.Alias
	}
	sdk := registry + "sdk:" + v
	if g := sdkVersion(f["global.json"]); sdkRelease(g) {
		sdk = registry + "sdk:" + g
	}
	if m == aot {
		sdk += "-noble-aot" // clang and the native toolchain Native AOT links with
	}
	rid := []string{"-a", "${TARGETARCH}"}
	if alias == "alpine" {
		rid = []string{"--os", "linux-musl", "-a", "${TARGETARCH}"} // the apphost and native assets for musl
	}
	portable := ""
	if site {
		rid = nil // browser-wasm, the project's own
	}
	if client := wasmClient(entry, projects); client != "" && m == frameworkDependent {
		rid, entry.NoAppHost = nil, true
		portable = "portable, for every architecture (no runtime identifier, which would reach " + client + ", and no apphost)"
	}
	restore := slices.Concat([]string{"dotnet", "restore", entry.Path}, rid)
	if slices.ContainsFunc(depFiles(f), func(p string) bool { return path.Base(p) == "packages.lock.json" }) {
		restore = append(restore, "--locked-mode")
	}
	publish := slices.Concat([]string{"dotnet", "publish", entry.Path, "-c", "Release"}, rid, []string{"--no-restore", "-o", outDir})
	if portable != "" {
		publish = append(publish, "-p:UseAppHost=false")
	}
	name := entry.name()
	field := lang.FirstField(s, "entrypoint", "language")

	t := &lang.Toolchain{
		Image: sdk, Workdir: srcDir,
		Env: []plan.Env{{Key: "DOTNET_CLI_TELEMETRY_OPTOUT", Value: "1"}, {Key: "DOTNET_NOLOGO", Value: "1"},
			{Key: "NUGET_PACKAGES", Value: packagesDir}},
		Notes: notes(s, f, entry, projects, alias),
		Deps: lang.Deps{
			Description: "restore " + entry.Path + "'s packages " + cmp.Or(strings.TrimPrefix(strings.SplitN(portable, " (", 2)[0], "portable, "), "for the target architecture") + " from the project, solution and settings files only; .NET " + v,
			Files:       depFiles(f),
			Steps:       []plan.Step{&lang.Cmd{Args: restore, ExpandArgs: true, Caches: []lang.Cache{nugetCache}}},
		},
		Build: lang.Build{
			Description: "copy the source (without bin and obj) and publish " + entry.Path + " " + cmp.Or(portable, "for the target architecture"),
			Fields:      []string{"entrypoint", "language"},
			Exclude:     slices.Concat([]string{"**/bin", "**/obj"}, artifactsDirs(f)),
			Commands:    []*lang.Cmd{{Args: publish, ExpandArgs: true, Caches: []lang.Cache{nugetCache}}},
			// build.command runs with the packages mounted; it is the spec's, so nothing expands in it
			Custom: &lang.Cmd{Env: []plan.Env{{Key: "TARGETARCH", Value: "${TARGETARCH}"}}, Caches: []lang.Cache{nugetCache}},
		},
		Test: lang.Test{Command: lang.Cmd{Args: testCommand(f, projects, entry), Caches: []lang.Cache{nugetCache}}},
	}
	if why := nodeFor(entry, projects); why != "" {
		withNode(t, why, field)
	}
	prog := path.Join(outDir, name)
	expect := lang.Expected{Paths: []string{prog}, What: "the program", Executable: true,
		Fix: "set `entrypoint` to the project to publish, or make `build.command` publish it to " + outDir}
	if m == frameworkDependent && entry.NoAppHost {
		expect = lang.Expected{Paths: []string{prog + ".dll"}, What: "the assembly",
			Fix: "set `entrypoint` to the project to publish, or make `build.command` publish it to " + outDir}
	}
	t.Build.Expect = []lang.Expected{expect}
	if site {
		return browserSite(s, t, entry)
	}

	rt.Title = name
	rt.Workdir = lang.AppDir
	rt.Artifacts = []*plan.Copy{{Origin: plan.Origin{Field: field}, FromStage: "builder", Paths: []string{outDir + "/"}, Dest: lang.AppDir + "/"}}
	rt.Entrypoint = []string{path.Join(lang.AppDir, name)}
	if m == frameworkDependent && entry.NoAppHost {
		rt.Entrypoint = []string{"dotnet", path.Join(lang.AppDir, name+".dll")}
	}
	if aspnet != "" {
		t.Notes = append(t.Notes, loopbackURLs(s, f, entry)...)
		t.Notes = append(t.Notes, otherPorts(s, f, entry)...)
		if ports := httpPorts(s); ports != "" {
			rt.Env = append(rt.Env, plan.Env{Key: "ASPNETCORE_HTTP_PORTS", Value: ports})
		}
	}
	// a SQLite database the settings put in the working directory: /app takes new files from the
	// runtime user, its own staying root's (lang.Runtime.SharedWorkdir)
	if db, from := sqliteInWorkdir(f, entry); db != "" && s.Workdir == "" {
		rt.SharedWorkdir = "the SQLite file " + db + ", from " + from
	}
	t.Runtime = rt
	return t, nil
}

// mode is how the program is published, which decides the runtime image.
type mode int

const (
	frameworkDependent mode = iota // on the aspnet or runtime image, which has .NET
	selfContained                  // .NET in the output: runtime-deps
	aot                            // native code: runtime-deps, built on the SDK's -aot image
)

func modeOf(p project) mode {
	switch {
	case p.PublishAot:
		return aot
	case p.SelfContained:
		return selfContained
	}
	return frameworkDependent
}

// repository is the runtime image's repository: ASP.NET Core and .NET (aspnet) for a program
// on ASP.NET Core (aspnet is why), .NET (runtime) for another, only .NET's native dependencies
// (runtime-deps) for a self-contained or native program.
func repository(aspnet string, m mode) string {
	switch {
	case m != frameworkDependent:
		return "runtime-deps"
	case aspnet != "":
		return "aspnet"
	}
	return "runtime"
}

// runtimeFor is the runtime table: chiseled (Ubuntu without a shell or package manager; -extra
// with ICU and time zones when the project turns invariant globalization off), the Debian or
// Ubuntu image, or Alpine. Every one has the app user, 1654 ($APP_UID).
func runtimeFor(v, repo string, icu bool) lang.Runtime {
	chiseled := registry + repo + ":" + v + "-noble-chiseled"
	if icu {
		chiseled += "-extra"
	}
	return lang.Runtime{
		Aliases: map[string]string{
			"distroless": chiseled,
			"slim":       registry + repo + ":" + v,
			"alpine":     registry + repo + ":" + v + "-alpine",
		},
		Default: "distroless", Shells: []string{"slim", "alpine"},
		Users: map[string]string{"distroless": appUID, "slim": appUID, "alpine": appUID},
		// app's home, the user's in every image (dotnet/dotnet-docker's runtime-deps Dockerfiles:
		// chiseled installs /home/app owned by it, Debian and Ubuntu `useradd --create-home`,
		// Alpine's busybox adduser makes it)
		Homes: map[string]string{"distroless": appHome, "slim": appHome, "alpine": appHome},
	}
}

// readProjects are the project files read, sorted by path.
func readProjects(f lang.Facts) []project {
	var out []project
	for name, data := range f {
		if isProject(name) {
			if p, ok := readProject(name, data); ok {
				inherit(f, &p)
				out = append(out, p)
			}
		}
	}
	slices.SortFunc(out, func(a, b project) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// chooseEntry is the project the image runs: the spec's entrypoint (a project file, its
// directory or its name), else the only project that makes a program and is no test project.
func chooseEntry(s *spec.Spec, projects []project) (project, error) {
	field := lang.FirstField(s, "entrypoint", "language")
	if s.Entrypoint != "" {
		ep := strings.TrimSuffix(strings.TrimPrefix(path.Clean(strings.ReplaceAll(s.Entrypoint, `\`, "/")), "./"), "/")
		for _, p := range projects {
			if p.Path == ep || path.Dir(p.Path) == ep || p.name() == ep {
				return p, nil
			}
		}
		return project{}, lang.FieldError(s, field, "write the project file (src/Api/Api.csproj), its directory or its name",
			"%q names no project of the build context (%s)", s.Entrypoint, paths(projects))
	}
	var programs []project
	for _, p := range projects {
		if p.executable() {
			programs = append(programs, p)
		}
	}
	switch len(programs) {
	case 1:
		return programs[0], nil
	case 0:
		if app, ok := standaloneBrowserApp(projects); ok {
			return app, nil
		}
		if len(projects) == 0 {
			return project{}, lang.FieldError(s, field, "add the project, or list it in a solution (.sln) at the top of the context",
				"no .NET project file (.csproj, .fsproj, .vbproj) at the top of the build context or in a solution there")
		}
		return project{}, lang.FieldError(s, field, "set `entrypoint` to the project to publish",
			"no project makes a program (the Web SDK, or OutputType Exe) among %s", paths(projects))
	}
	return project{}, lang.FieldError(s, field, "set `entrypoint` to one of them",
		"several projects make a program: %s", paths(programs))
}

func paths(ps []project) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Path)
	}
	return strings.Join(out, ", ")
}

var (
	// tfm is a target framework of .NET 5 and later: net8.0, net10.0 (not net48, netstandard2.0).
	tfm = regexp.MustCompile(`^net([0-9]+)\.([0-9]+)$`)
	// versionText is the spec's version: 8, 8.0, 10.0.
	versionText = regexp.MustCompile(`^([0-9]+)(?:\.([0-9]+))?$`)
	// sdkTag is an SDK release of global.json, an image tag (10.0.100, 9.0.101-preview...).
	sdkTag = regexp.MustCompile(`^[0-9]+\.[0-9]+\.([0-9]+)(-[A-Za-z0-9.]+)?$`)
)

// sdkRelease reports a global.json sdk.version that names an SDK release, of which the SDK
// image has a tag: its third part is the feature band and patch (10.0.100, 8.0.404). A runtime's
// version (jellyfin's 10.0.0, rolled forward by rollForward) names no SDK and no image.
func sdkRelease(v string) bool {
	m := sdkTag.FindStringSubmatch(v)
	if m == nil {
		return false
	}
	band, err := strconv.Atoi(m[1])
	return err == nil && band >= 100
}

// oldest is the oldest .NET whose images have the app user and chiseled variants.
const oldest = 8

// dotnetVersion is the .NET version (major.minor): the spec's, else the entry project's target
// framework (the newest of several), else defaultDotnet.
func dotnetVersion(s *spec.Spec, p project) (string, error) {
	if s.Version != "" {
		m := versionText.FindStringSubmatch(s.Version)
		if m == nil {
			return "", lang.FieldError(s, "version", "write a .NET version, e.g. "+defaultDotnet, "%q is not a .NET version", s.Version)
		}
		major, _ := strconv.Atoi(m[1])
		if major < oldest {
			return "", lang.FieldError(s, "version", "use .NET 8 or later", ".NET %d is out of support and its images have no app user or chiseled variant", major)
		}
		return fmt.Sprintf("%d.%s", major, cmp.Or(m[2], "0")), nil
	}
	best, bestMajor := "", -1
	for _, tf := range p.TargetFrameworks {
		if m := tfm.FindStringSubmatch(tf); m != nil {
			if major, _ := strconv.Atoi(m[1]); major > bestMajor {
				best, bestMajor = m[1]+"."+m[2], major
			}
		}
	}
	switch {
	case best == "":
		return defaultDotnet, nil
	case bestMajor < oldest:
		return "", lang.FieldError(s, lang.FirstField(s, "entrypoint", "language"), "target net8.0 or later, or set `version`",
			"%s targets .NET %s, which is out of support and whose images have no app user or chiseled variant", p.Path, best)
	}
	return best, nil
}

// depFiles are the files a restore reads, with their paths: every project and solution file,
// global.json, MSBuild's and NuGet's settings files, and NuGet's lockfiles.
func depFiles(f lang.Facts) []string {
	var out []string
	for name := range f {
		base := path.Base(name)
		if isProject(name) || strings.HasSuffix(name, ".sln") || strings.HasSuffix(name, ".slnx") || base == "global.json" ||
			base == "packages.lock.json" || slices.Contains(settingsFiles, base) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// testCommand is dotnet test of the solution, else of the test project; without a test
// project, of the entry project (a NoTestRunner note says so).
func testCommand(f lang.Facts, projects []project, entry project) []string {
	for _, pat := range solutionPatterns {
		if sln := f.Glob(pat); len(sln) > 0 {
			return []string{"dotnet", "test", sln[0]}
		}
	}
	var tests []string
	for _, p := range projects {
		if p.IsTest {
			tests = append(tests, p.Path)
		}
	}
	switch len(tests) {
	case 0:
		return []string{"dotnet", "test", entry.Path}
	case 1:
		return []string{"dotnet", "test", tests[0]}
	}
	return slices.Concat([]string{"/bin/sh", "-c", `for p; do dotnet test "$p" || exit 1; done`, "sh"}, tests)
}

// notes warn about a project without tests and about globalization the chiseled image changes.
func notes(s *spec.Spec, f lang.Facts, entry project, projects []project, alias string) []plan.Note {
	var out []plan.Note
	if !slices.ContainsFunc(projects, func(p project) bool { return p.IsTest }) {
		out = append(out, rules.NoTestRunner.Note(lang.FirstField(s, "test", "language"), rules.NoTestRunner.Format(
			"the build context", "a test project: IsTestProject, or Microsoft.NET.Test.Sdk, MSTest, xunit.v3, NUnit or TUnit",
			strings.Join(testCommand(f, projects, entry), " "))))
	}
	if alias == "distroless" && entry.Invariant == "" && !entry.PublishAot {
		out = append(out, rules.InvariantGlobalization.Note(lang.FirstField(s, "runtime", "language"), rules.InvariantGlobalization.Format(entry.Path)))
	}
	return out
}

// httpPorts are the spec's TCP ports for ASPNETCORE_HTTP_PORTS ("" for none: the images' 8080).
func httpPorts(s *spec.Spec) string {
	var out []string
	for _, p := range s.Ports {
		if p.Protocol == "tcp" {
			out = append(out, strconv.Itoa(p.Number))
		}
	}
	return strings.Join(out, ";")
}
