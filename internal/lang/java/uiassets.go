package java

// A Maven build may package a web UI that another toolchain builds: litemall-all's pom copies
// ../litemall-admin/dist and ../litemall-vue/dist, the Vue CLI builds of two Node.js projects of
// the repository, into target/classes/static with maven-resources-plugin's copy-resources (a
// <resources> directory of the build does the same). The context holds neither build (dist/ is
// not committed), and maven-resources-plugin copies nothing from a directory that does not
// exist, without a word: the jar would serve no UI. Such a directory, missing from the context
// and inside a Node.js project with a build script, is the image's default assets
// ({dir: <the project>, output: <the directory>}, docs/assets.md), built before Maven runs and
// copied into the builder at that path, where the copy finds it. A build that runs npm itself
// (frontend-maven-plugin, exec-maven-plugin) makes the directory in Maven: left alone.

import (
	"encoding/xml"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/node"
	"github.com/org/multistage-frontend/spec"
)

// resourceBuild is the part of a pom naming the directories its resources are copied from.
type resourceBuild struct {
	Build struct {
		Resources []string `xml:"resources>resource>directory"`
		Plugins   []struct {
			ArtifactID string   `xml:"artifactId"`
			Dirs       []string `xml:"configuration>resources>resource>directory"`
			Executions []struct {
				Dirs []string `xml:"configuration>resources>resource>directory"`
			} `xml:"executions>execution"`
		} `xml:"plugins>plugin"`
	} `xml:"build"`
}

// npmInMaven are plugins that run npm (or another package manager) inside the Maven build.
var npmInMaven = []string{"frontend-maven-plugin", "exec-maven-plugin"}

// resourceDirs are the context paths the pom in dir copies resources from: its build's
// <resources> and maven-resources-plugin's, relative to the module's directory (`${basedir}/`
// and `${project.basedir}/` read as that), those leaving the context or naming another
// property left out; none when the pom runs npm itself.
func resourceDirs(data []byte, dir string) []string {
	var b resourceBuild
	if xml.Unmarshal(data, &b) != nil {
		return nil
	}
	dirs := b.Build.Resources
	for _, p := range b.Build.Plugins {
		if slices.Contains(npmInMaven, strings.TrimSpace(p.ArtifactID)) {
			return nil
		}
		if strings.TrimSpace(p.ArtifactID) != "maven-resources-plugin" {
			continue
		}
		dirs = append(dirs, p.Dirs...)
		for _, e := range p.Executions {
			dirs = append(dirs, e.Dirs...)
		}
	}
	var out []string
	for _, d := range dirs {
		d = strings.TrimSpace(d)
		for _, prefix := range []string{"${basedir}/", "${project.basedir}/"} {
			d = strings.TrimPrefix(d, prefix)
		}
		if strings.Contains(d, "${") {
			continue
		}
		if p, ok := lang.ContextPath(path.Join(dir, d)); ok && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// resourceAssetReads ask, for each directory the pom in dir copies resources from, whether the
// context has it, and for the package.json of each directory it is in.
func resourceAssetReads(data []byte, dir string) []string {
	var out []string
	for _, d := range resourceDirs(data, dir) {
		out = append(out, lang.Probe(d))
		for _, p := range lang.DirsAbove(d) {
			out = append(out, path.Join(p, "package.json"))
		}
	}
	return out
}

// resourceAssets are the default assets of a Maven build: for each directory the module the
// image runs copies resources from that the context lacks, the innermost Node.js project it is
// in whose package.json has a build script; nil for none, or when planning fails without them.
func resourceAssets(s *spec.Spec, f lang.Facts) *spec.Assets {
	if !f.Has("pom.xml") {
		return nil
	}
	t, err := parseTarget(s)
	if err != nil {
		return nil
	}
	if t.module == "" && t.jar == "" {
		pr, err := mavenProject(s, f, t)
		if err != nil {
			return nil
		}
		t.module = strings.TrimPrefix(pr.dir, "./")
	}
	dir := path.Clean("./" + t.module)
	var found []spec.Assets
	for _, d := range resourceDirs(f[path.Join(dir, "pom.xml")], dir) {
		if f.HasDir(d) || f.Has(d) {
			continue
		}
		for _, p := range lang.DirsAbove(d) {
			if b, ok := node.ReadUIBuild(f.In(p)); ok && b.Build { // as the Node.js provider reads it
				found = append(found, spec.Assets{Dir: p, Output: d})
				break
			}
		}
	}
	if len(found) == 0 {
		return nil
	}
	a := found[0]
	a.More = found[1:]
	return &a
}
