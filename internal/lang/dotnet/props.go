package dotnet

import (
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// buildProps is MSBuild's file of defaults for every project below it, imported before the
// project's own properties.
const buildProps = "Directory.Build.props"

// inherit gives a project the properties, package and framework references of the
// Directory.Build.props files in its directory and above it that no Condition guards, under its own: the nearest first
// (MSBuild imports the nearest, which usually imports the one above it). A TargetFramework, an
// OutputType or InvariantGlobalization a solution sets once for all its projects is read so.
// $(Name) in a property is replaced by the property Name's value when one is set.
func inherit(f lang.Facts, pr *project) {
	for dir := path.Dir(pr.Path); ; dir = path.Dir(dir) {
		if d, ok := readProject(path.Join(dir, buildProps), f[path.Join(dir, buildProps)]); ok && f.Has(d.Path) {
			for k, v := range d.unconditioned.props {
				if _, set := pr.props[k]; !set {
					pr.props[k] = v
				}
			}
			pr.Packages = append(pr.Packages, d.unconditioned.packages...)
			pr.Frameworks = append(pr.Frameworks, d.unconditioned.frameworks...)
		}
		if dir == "." {
			break
		}
	}
	for k, v := range pr.props {
		pr.props[k] = expand(v, pr.props)
	}
	pr.settle()
}

// property is a reference to a property: $(TargetFrameworkVersion).
var property = regexp.MustCompile(`\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)`)

// expand replaces the properties a value refers to by theirs, a few levels deep; a property
// without a value, or one of MSBuild's own, stays as written.
func expand(v string, props map[string]string) string {
	for range 4 {
		next := property.ReplaceAllStringFunc(v, func(ref string) string {
			if val, ok := props[property.FindStringSubmatch(ref)[1]]; ok && !strings.Contains(val, ref) {
				return val
			}
			return ref
		})
		if next == v {
			break
		}
		v = next
	}
	return v
}

// artifactsDirs are the directories a developer's build writes to when a Directory.Build.props
// turns on the artifacts output layout (UseArtifactsOutput, ArtifactsPath): its obj holds the
// restore's files as bin and obj do, so the source copy leaves it out as it leaves them out.
func artifactsDirs(f lang.Facts) []string {
	var out []string
	for name, data := range f {
		if path.Base(name) != buildProps {
			continue
		}
		d, ok := readProject(name, data)
		if !ok {
			continue
		}
		dir, at := path.Dir(name), d.props["ArtifactsPath"]
		rest, thisDir := strings.CutPrefix(at, "$(MSBuildThisFileDirectory)")
		switch {
		case thisDir:
			at = path.Join(dir, strings.ReplaceAll(rest, `\`, "/"))
		case at == "" && strings.EqualFold(d.props["UseArtifactsOutput"], "true"):
			at = path.Join(dir, "artifacts")
		default:
			continue // not set, or relative to something not read
		}
		if rel, ok := contextPath(".", at); ok {
			out = append(out, rel)
		}
	}
	return out
}
