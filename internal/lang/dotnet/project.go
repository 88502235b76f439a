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
	// Sdks are the project's MSBuild SDKs without their versions: the Sdk attribute's (one or
	// several, `;`-separated), <Sdk Name> elements' and <Import Sdk> attributes'.
	Sdks []string
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
	Frameworks []string // FrameworkReference names (Microsoft.AspNetCore.App)
	// NodeExec is the first Node.js command (npm, yarn, ...) an Exec of a target that runs at a
	// Release publish runs, with the target's name; "" for none.
	NodeExec, NodeTarget string
	// props are the properties as read, the project's own over those its Directory.Build.props
	// files set (see inherit).
	props map[string]string
	// unconditioned is what the file sets outside every Condition: what a Directory.Build.props
	// gives every project below it (inherit). A property under a condition there is most often
	// for some projects only (`'$(MSBuildProjectName.EndsWith('Tests'))'`), or a configuration.
	unconditioned struct {
		props                map[string]string
		packages, frameworks []string
	}
}

type msbuildProject struct {
	Sdk  string `xml:"Sdk,attr"`
	Sdks []struct {
		Name string `xml:"Name,attr"`
	} `xml:"Sdk"`
	Imports []struct {
		Sdk string `xml:"Sdk,attr"`
	} `xml:"Import"`
	PropertyGroups []struct {
		Condition string `xml:"Condition,attr"`
		Props     []struct {
			XMLName   xml.Name
			Condition string `xml:"Condition,attr"`
			Value     string `xml:",chardata"`
		} `xml:",any"`
	} `xml:"PropertyGroup"`
	ItemGroups []struct {
		Condition         string `xml:"Condition,attr"`
		ProjectReferences []struct {
			Include string `xml:"Include,attr"`
		} `xml:"ProjectReference"`
		PackageReferences   []msbuildItem `xml:"PackageReference"`
		FrameworkReferences []msbuildItem `xml:"FrameworkReference"`
	} `xml:"ItemGroup"`
	Targets []msbuildTarget `xml:"Target"`
}

// msbuildItem is an item that names a package or a framework.
type msbuildItem struct {
	Include   string `xml:"Include,attr"`
	Condition string `xml:"Condition,attr"`
}

// readProject reads a project file; false when it is not MSBuild XML.
func readProject(p string, data []byte) (project, bool) {
	var m msbuildProject
	if xml.Unmarshal(data, &m) != nil {
		return project{}, false
	}
	pr := project{Path: p, props: map[string]string{}}
	pr.unconditioned.props = map[string]string{}
	sdks := strings.Split(m.Sdk, ";")
	for _, e := range m.Sdks {
		sdks = append(sdks, e.Name)
	}
	for _, i := range m.Imports {
		sdks = append(sdks, i.Sdk)
	}
	for _, sdk := range sdks {
		// Aspire.AppHost.Sdk/13.0.0: the name, without the version
		if name, _, _ := strings.Cut(strings.TrimSpace(sdk), "/"); name != "" && !slices.Contains(pr.Sdks, name) {
			pr.Sdks = append(pr.Sdks, name)
		}
	}
	for _, g := range m.PropertyGroups {
		for _, prop := range g.Props {
			k, v := prop.XMLName.Local, strings.TrimSpace(prop.Value)
			if _, ok := pr.props[k]; !ok {
				pr.props[k] = v
			}
			if _, ok := pr.unconditioned.props[k]; !ok && g.Condition == "" && prop.Condition == "" {
				pr.unconditioned.props[k] = v
			}
		}
	}
	dir := path.Dir(p)
	for _, g := range m.ItemGroups {
		for _, r := range g.ProjectReferences {
			if ref, ok := contextPath(dir, r.Include); ok {
				pr.References = append(pr.References, ref)
			}
		}
		for _, r := range g.PackageReferences {
			pr.Packages = append(pr.Packages, strings.TrimSpace(r.Include))
			if g.Condition == "" && r.Condition == "" {
				pr.unconditioned.packages = append(pr.unconditioned.packages, strings.TrimSpace(r.Include))
			}
		}
		for _, r := range g.FrameworkReferences {
			pr.Frameworks = append(pr.Frameworks, strings.TrimSpace(r.Include))
			if g.Condition == "" && r.Condition == "" {
				pr.unconditioned.frameworks = append(pr.unconditioned.frameworks, strings.TrimSpace(r.Include))
			}
		}
	}
	pr.NodeTarget, pr.NodeExec = nodeExec(m.Targets)
	pr.settle()
	return pr, true
}

// settle derives the fields from the properties, the packages and the SDKs.
func (pr *project) settle() {
	props := pr.props
	pr.TargetFrameworks = nil
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
	pr.IsTest = strings.EqualFold(props["IsTestProject"], "true") || pr.hasSdk("MSTest.Sdk") ||
		slices.ContainsFunc(pr.Packages, func(p string) bool { return testPackages[p] })
}

// testPackages make a project a test project, as `dotnet test` finds them.
var testPackages = map[string]bool{"Microsoft.NET.Test.Sdk": true, "MSTest": true, "MSTest.Sdk": true, "xunit.v3": true,
	"TUnit": true, "NUnit": true}

// hasSdk reports a project using that MSBuild SDK (names are case-insensitive).
func (p project) hasSdk(name string) bool {
	return slices.ContainsFunc(p.Sdks, func(s string) bool { return strings.EqualFold(s, name) })
}

// web reports an ASP.NET Core project (the Web SDK), which runs on the aspnet image and is
// configured by ASPNETCORE_HTTP_PORTS. Microsoft.NET.Sdk.WebAssembly is not it.
func (p project) web() bool { return p.hasSdk("Microsoft.NET.Sdk.Web") }

// executable reports a project that makes a program and is neither a test project nor an
// Aspire app host: OutputType Exe, or the Web or Worker SDK, which make it Exe when the project
// does not say otherwise.
func (p project) executable() bool {
	if p.IsTest || p.aspireHost() {
		return false
	}
	switch {
	case strings.EqualFold(p.OutputType, "Exe") || strings.EqualFold(p.OutputType, "WinExe"):
		return true
	case p.OutputType != "":
		return false
	}
	return p.web() || p.hasSdk("Microsoft.NET.Sdk.Worker")
}

// aspireHost reports a .NET Aspire app host: a program that starts the solution's services
// on a developer's machine or deploys them, never one to ship in an image itself.
func (p project) aspireHost() bool {
	return p.hasSdk("Aspire.AppHost.Sdk") || strings.EqualFold(p.props["IsAspireHost"], "true") ||
		slices.Contains(p.Packages, "Aspire.Hosting.AppHost")
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
var slnProject = regexp.MustCompile(`(?m)^Project\("[^"]*"\)\s*=\s*"[^"]*",\s*"([^"]+\.(?:cs|fs|vb|es)proj)"`)

// slnxProject is a project of a .slnx file (XML): <Project Path="src/Api/Api.csproj" />.
var slnxProject = regexp.MustCompile(`<Project\s+[^>]*Path="([^"]+\.(?:cs|fs|vb|es)proj)"`)

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

// isProject reports a project file's path: C#, F#, Visual Basic, or a JavaScript project of
// Microsoft.VisualStudio.JavaScript.Sdk (.esproj), which a web project references for its front
// end and whose restore and build it takes part in.
func isProject(p string) bool {
	return strings.HasSuffix(p, ".csproj") || strings.HasSuffix(p, ".fsproj") || strings.HasSuffix(p, ".vbproj") ||
		strings.HasSuffix(p, ".esproj")
}
