package dotnet

import (
	"encoding/json"
	"encoding/xml"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// project is what the provider uses of a project file (.csproj, .fsproj, .vbproj). A property
// written under a condition is taken as written: the provider reads, it does not evaluate.
type project struct {
	// Path is the project file's path in the context.
	Path string
	Sdk  string
	// TargetFrameworks are net8.0, net10.0...: TargetFramework, else TargetFrameworks.
	TargetFrameworks []string
	OutputType       string
	AssemblyName     string
	PublishAot       bool
	SelfContained    bool
	// Invariant is the InvariantGlobalization property: "true", "false" or "" (unset).
	Invariant  string
	NoAppHost  bool
	IsTest     bool
	References []string // ProjectReference paths, cleaned, relative to the context
	Packages   []string // PackageReference names
}

type msbuildProject struct {
	Sdk            string `xml:"Sdk,attr"`
	PropertyGroups []struct {
		Props []struct {
			XMLName xml.Name
			Value   string `xml:",chardata"`
		} `xml:",any"`
	} `xml:"PropertyGroup"`
	ItemGroups []struct {
		ProjectReferences []struct {
			Include string `xml:"Include,attr"`
		} `xml:"ProjectReference"`
		PackageReferences []struct {
			Include string `xml:"Include,attr"`
		} `xml:"PackageReference"`
	} `xml:"ItemGroup"`
}

// readProject reads a project file; false when it is not MSBuild XML.
func readProject(p string, data []byte) (project, bool) {
	var m msbuildProject
	if xml.Unmarshal(data, &m) != nil {
		return project{}, false
	}
	pr := project{Path: p, Sdk: strings.TrimSpace(m.Sdk)}
	props := map[string]string{}
	for _, g := range m.PropertyGroups {
		for _, prop := range g.Props {
			if _, ok := props[prop.XMLName.Local]; !ok {
				props[prop.XMLName.Local] = strings.TrimSpace(prop.Value)
			}
		}
	}
	if tf := props["TargetFramework"]; tf != "" {
		pr.TargetFrameworks = []string{tf}
	} else {
		for _, tf := range strings.Split(props["TargetFrameworks"], ";") {
			if tf = strings.TrimSpace(tf); tf != "" {
				pr.TargetFrameworks = append(pr.TargetFrameworks, tf)
			}
		}
	}
	pr.OutputType = props["OutputType"]
	pr.AssemblyName = props["AssemblyName"]
	pr.PublishAot = strings.EqualFold(props["PublishAot"], "true")
	pr.SelfContained = strings.EqualFold(props["SelfContained"], "true")
	pr.Invariant = strings.ToLower(props["InvariantGlobalization"])
	pr.NoAppHost = strings.EqualFold(props["UseAppHost"], "false")
	pr.IsTest = strings.EqualFold(props["IsTestProject"], "true")
	dir := path.Dir(p)
	for _, g := range m.ItemGroups {
		for _, r := range g.ProjectReferences {
			if ref, ok := contextPath(dir, r.Include); ok {
				pr.References = append(pr.References, ref)
			}
		}
		for _, r := range g.PackageReferences {
			pr.Packages = append(pr.Packages, r.Include)
			if testPackages[r.Include] {
				pr.IsTest = true
			}
		}
	}
	return pr, true
}

// testPackages make a project a test project, as `dotnet test` finds them.
var testPackages = map[string]bool{"Microsoft.NET.Test.Sdk": true, "MSTest": true, "MSTest.Sdk": true, "xunit.v3": true,
	"TUnit": true, "NUnit": true}

// web reports an ASP.NET Core project (the Web SDK), which runs on the aspnet image.
func (p project) web() bool { return strings.HasPrefix(p.Sdk, "Microsoft.NET.Sdk.Web") }

// executable reports a project that makes a program: the Web SDK, or OutputType Exe.
func (p project) executable() bool {
	return !p.IsTest && (p.web() || strings.EqualFold(p.OutputType, "Exe") || strings.EqualFold(p.OutputType, "WinExe"))
}

// name is the assembly's name: AssemblyName, else the project file's name.
func (p project) name() string {
	if assemblyName.MatchString(p.AssemblyName) {
		return p.AssemblyName
	}
	return strings.TrimSuffix(path.Base(p.Path), path.Ext(p.Path))
}

var assemblyName = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$`)

// contextPath is a path written relative to dir (with \ or /) as a clean path of the context;
// false when it leaves the context or is not a plain path.
func contextPath(dir, p string) (string, bool) {
	p = strings.ReplaceAll(strings.TrimSpace(p), `\`, "/")
	if p == "" || path.IsAbs(p) {
		return "", false
	}
	rel, ok := lang.RelPath(path.Join(dir, p))
	if !ok || rel == "." || !plainPath.MatchString(rel) {
		return "", false
	}
	return rel, true
}

var plainPath = regexp.MustCompile(`^[A-Za-z0-9._/@+-]+$`)

// slnProject is a project line of a .sln file: Project("{type}") = "Name", "path\to\x.csproj", "{guid}".
var slnProject = regexp.MustCompile(`(?m)^Project\("[^"]*"\)\s*=\s*"[^"]*",\s*"([^"]+\.(?:cs|fs|vb)proj)"`)

// slnxProject is a project of a .slnx file (XML): <Project Path="src/Api/Api.csproj" />.
var slnxProject = regexp.MustCompile(`<Project\s+[^>]*Path="([^"]+\.(?:cs|fs|vb)proj)"`)

// solutionProjects are the project files a solution lists, as context paths.
func solutionProjects(file string, data []byte) []string {
	re := slnProject
	if strings.HasSuffix(file, ".slnx") {
		re = slnxProject
	}
	var out []string
	for _, m := range re.FindAllStringSubmatch(string(data), -1) {
		if p, ok := contextPath(path.Dir(file), m[1]); ok && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// sdkVersion is global.json's sdk.version ("" when there is none).
func sdkVersion(data []byte) string {
	var g struct {
		Sdk struct{ Version string } `json:"sdk"`
	}
	_ = json.Unmarshal(lang.JSONC(data), &g)
	return strings.TrimSpace(g.Sdk.Version)
}

// projectPatterns are the project files read at the top of the context.
var projectPatterns = []string{"*.csproj", "*.fsproj", "*.vbproj"}

// solutionPatterns are the solution files read at the top of the context.
var solutionPatterns = []string{"*.sln", "*.slnx"}

// settingsFiles are MSBuild's and NuGet's files that change a restore, looked for in every
// project's directory and above it.
var settingsFiles = []string{"Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props",
	"NuGet.config", "nuget.config", "NuGet.Config"}

// isProject reports a project file's path.
func isProject(p string) bool {
	return strings.HasSuffix(p, ".csproj") || strings.HasSuffix(p, ".fsproj") || strings.HasSuffix(p, ".vbproj")
}
