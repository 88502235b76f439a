package node

// Nx 18 and later infer a project's targets from the plugins nx.json lists instead of writing
// them in project.json: @nx/webpack/plugin gives every project directory holding a
// webpack.config.* (beside a project.json or package.json) a build target, named by the
// plugin's buildTargetName option (`build` by default), that runs `webpack-cli build` there with
// NODE_ENV=production. What it builds is the config's: `@nx/nest:app` and `@nx/node:app` write
// `new NxAppWebpackPlugin({target: 'node', main: './src/main.ts', outputHashing: 'none', ...})`
// and `output: {path: join(__dirname, '../../dist/apps/api')}`, and the bundle is
// <output.path>/main.js. @nx/rspack/plugin does the same with rspack.config.* and
// NxAppRspackPlugin. The config is JavaScript, read here as text: what a literal or
// join(__dirname, '...') says is followed, anything computed is not (the planning error says
// which file and what to set).

import (
	"cmp"
	"encoding/json"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// nxInferring is a plugin that infers a build target from a config file in the project's
// directory.
type nxInferring struct {
	plugin string   // as nx.json lists it
	config string   // the config file's name before its extension
	exts   []string // the extensions the plugin's glob takes
}

var nxInferringPlugins = []nxInferring{
	{"@nx/webpack/plugin", "webpack.config", []string{"js", "ts", "mjs", "cjs"}},
	{"@nx/rspack/plugin", "rspack.config", []string{"js", "ts", "mjs", "mts", "cjs", "cts"}},
}

// nxInferReads are nx.json and the config files the inferring plugins read, where
// nxProjectFiles look for projects (the root, apps/*), and apps/*/package.json, which is a
// project's file too when it has no project.json.
func nxInferReads() []string {
	out := []string{"nx.json", "apps/*/package.json"}
	for _, dir := range []string{"", "apps/*/"} {
		for _, p := range nxInferringPlugins {
			for _, ext := range p.exts {
				out = append(out, dir+p.config+"."+ext)
			}
		}
	}
	return out
}

// nxPluginTargets are the inferring plugins nx.json lists, each with the name of the build
// target it infers.
func nxPluginTargets(p pkg) map[string]string {
	var nx struct {
		Plugins []json.RawMessage `json:"plugins"`
	}
	if json.Unmarshal(lang.JSONC(p.f["nx.json"]), &nx) != nil {
		return nil
	}
	out := map[string]string{}
	for _, raw := range nx.Plugins {
		var entry struct {
			Plugin  string `json:"plugin"`
			Options struct {
				BuildTargetName string `json:"buildTargetName"`
			} `json:"options"`
		}
		if json.Unmarshal(raw, &entry.Plugin) != nil && json.Unmarshal(raw, &entry) != nil {
			continue
		}
		out[entry.Plugin] = cmp.Or(entry.Options.BuildTargetName, "build")
	}
	return out
}

// jsExpr is an object property's value up to the next comma, brace or line, a call's
// parentheses and their arguments included.
const jsExpr = `[A-Za-z_$.]*\([^)]*\)|[^,}\n]*`

var (
	nxNodeTarget   = regexp.MustCompile(`\btarget\s*:\s*["'\x60](?:async-)?node["'\x60]`)
	nxOutputObject = regexp.MustCompile(`\boutput\s*:\s*\{`)
	nxOutputPath   = regexp.MustCompile(`\bpath\s*:\s*(` + jsExpr + `)`)
	nxPluginPath   = regexp.MustCompile(`\boutputPath\s*:\s*(` + jsExpr + `)`)
	nxFileName     = regexp.MustCompile(`\bfilename\s*:\s*(` + jsExpr + `)`)
	nxOutputFile   = regexp.MustCompile(`\boutputFileName\s*:\s*["'\x60]([A-Za-z0-9._-]+)["'\x60]`)
	nxHashing      = regexp.MustCompile(`\boutputHashing\s*:\s*["'\x60]([a-z]+)["'\x60]`)
	jsString       = regexp.MustCompile(`^["'\x60]([^"'\x60$\\]*)["'\x60]$`)
	jsDirJoin      = regexp.MustCompile(`^(?:path\.)?(?:join|resolve)\(\s*__dirname\s*((?:,\s*["'\x60][^"'\x60$\\]*["'\x60]\s*)*),?\s*\)$`)
	jsStrings      = regexp.MustCompile(`["'\x60]([^"'\x60]*)["'\x60]`)
)

// nxInferredApp is the application whose build target the plugin infers from its config file
// in dir, when the config bundles for node. problem says what of the config could not be read
// (ok false, and the project builds for node as far as can be told).
func nxInferredApp(p pkg, dir, name, target string, pl nxInferring) (app nxApp, ok bool, problem string) {
	config := ""
	for _, ext := range pl.exts {
		if f := path.Join(dir, pl.config+"."+ext); p.f.Has(f) {
			config = f
			break
		}
	}
	text := p.f.Text(config)
	if config == "" || !nxNodeTarget.MatchString(text) {
		return nxApp{}, false, ""
	}
	out, why := nxConfigOutput(text, dir)
	if why != "" {
		return nxApp{}, false, config + ": " + why
	}
	file, why := nxConfigFile(text)
	if why != "" {
		return nxApp{}, false, config + ": " + why
	}
	entry, ok := entryPath(path.Join(out, file))
	if !ok {
		return nxApp{}, false, config + ": the bundle's name " + file + " is no plain file name"
	}
	main := ""
	if m := nxConfigMain.FindStringSubmatch(text); m != nil {
		main, _ = entryPath(path.Join(dir, m[1]))
	}
	return nxApp{name: name, file: config, executor: pl.plugin + "'s " + target + " target", outputPath: out, entry: entry,
		target: target, main: main}, true, ""
}

// nxConfigMain is the plugin's `main` option in its config, the source the bundle is built from
// (`main: './src/main.ts'`, relative to the config's directory).
var nxConfigMain = regexp.MustCompile(`\bmain\s*:\s*['"]([^'"\n]+\.[cm]?tsx?)['"]`)

// nxConfigOutput is the directory the config bundles into, relative to the workspace root:
// webpack's output.path, else the plugin's outputPath (relative to the project when it starts
// with ".", else to the workspace root). why says what is not read.
func nxConfigOutput(text, dir string) (out, why string) {
	var expr string
	if loc := nxOutputObject.FindStringIndex(text); loc != nil {
		if m := nxOutputPath.FindStringSubmatch(jsObject(text[loc[1]-1:])); m != nil {
			expr = strings.TrimSpace(m[1])
		}
	}
	switch m := nxPluginPath.FindStringSubmatch(text); {
	case expr != "":
		segs, ok := jsDirPath(expr)
		if !ok {
			return "", "output.path is `" + expr + "`, not join(__dirname, '<path>')"
		}
		out = path.Join(append([]string{dir}, segs...)...)
	case m != nil:
		expr = strings.TrimSpace(m[1])
		s := jsString.FindStringSubmatch(expr)
		if s == nil {
			return "", "outputPath is `" + expr + "`, not a string"
		}
		out = s[1]
		if strings.HasPrefix(out, ".") {
			out = path.Join(dir, out)
		}
	default:
		return "", "it sets neither output.path nor outputPath"
	}
	out, ok := entryPath(out)
	if !ok || out == "." {
		return "", "its output path (`" + expr + "`) is not a directory inside the workspace"
	}
	return out, ""
}

// nxConfigFile is the bundle's file name: output.filename's, else outputFileName's name with
// .js (webpack's [name].js of the entry named after it; main.js). A production build hashes the
// name unless outputHashing is 'none' (or 'media', which hashes other files).
func nxConfigFile(text string) (file, why string) {
	stem := "main"
	if m := nxOutputFile.FindStringSubmatch(text); m != nil {
		stem = strings.TrimSuffix(m[1], path.Ext(m[1]))
	}
	if loc := nxOutputObject.FindStringIndex(text); loc != nil {
		if m := nxFileName.FindStringSubmatch(jsObject(text[loc[1]-1:])); m != nil {
			s := jsString.FindStringSubmatch(strings.TrimSpace(m[1]))
			if s == nil || strings.Contains(strings.ReplaceAll(s[1], "[name]", ""), "[") {
				return "", "output.filename is `" + strings.TrimSpace(m[1]) + "`, not a name or [name].js"
			}
			return strings.ReplaceAll(s[1], "[name]", stem), ""
		}
	}
	if m := nxHashing.FindStringSubmatch(text); m == nil || (m[1] != "none" && m[1] != "media") {
		return "", "outputHashing is not 'none', so a production build puts a hash in the bundle's name"
	}
	return stem + ".js", ""
}

// jsDirPath are the segments of join(__dirname, '...', ...) or resolve's, relative to the
// config's directory; ok is false for anything else, and for an absolute segment.
func jsDirPath(expr string) (segs []string, ok bool) {
	m := jsDirJoin.FindStringSubmatch(expr)
	if m == nil {
		return nil, false
	}
	for _, s := range jsStrings.FindAllStringSubmatch(m[1], -1) {
		if path.IsAbs(s[1]) {
			return nil, false
		}
		segs = append(segs, s[1])
	}
	return segs, true
}

// jsObject is the object literal text starts with (its `{`), up to its matching brace, or all of
// text.
func jsObject(text string) string { return text[:lang.BlockEnd(text, 0)] }

// nxProjectDirs are the directories holding an Nx project: those of the project.json files
// read, and those where a config file of an inferring plugin sits beside a package.json.
func nxProjectDirs(p pkg) []string {
	var dirs []string
	for name := range p.f {
		if slices.ContainsFunc(nxProjectFiles, func(g string) bool { ok, _ := path.Match(g, name); return ok }) {
			dirs = append(dirs, path.Dir(name))
		}
	}
	for _, pl := range nxInferringPlugins {
		for _, ext := range pl.exts {
			for _, g := range []string{pl.config + "." + ext, "apps/*/" + pl.config + "." + ext} {
				for _, name := range p.f.Glob(g) {
					if p.f.Has(path.Join(path.Dir(name), "package.json")) {
						dirs = append(dirs, path.Dir(name))
					}
				}
			}
		}
	}
	slices.Sort(dirs)
	return slices.Compact(dirs)
}
