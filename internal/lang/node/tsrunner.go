package node

import (
	"cmp"
	"path"
	"regexp"
	"slices"
	"strings"
)

// tsHooks are the loaders that make node run TypeScript source (`node -r esbuild-register
// src/index.ts`, `node --loader ts-node/esm src/server.ts`); tsx is parseTsx's.
var tsHooks = []string{"esbuild-register", "ts-node/register", "ts-node/register/transpile-only",
	"ts-node/esm", "ts-node/esm/transpile-only", "@swc-node/register", "@swc-node/register/esm",
	"@esbuild-kit/cjs-loader", "@esbuild-kit/esm-loader", "sucrase/register"}

// tsNodeFlags are ts-node's boolean flags that change how it compiles, not what node runs.
var tsNodeFlags = []string{"-T", "--transpile-only", "--swc", "--files", "--esm"}

// tsSource is a TypeScript file's extension, with what tsc writes for it.
var tsSource = map[string]string{".ts": ".js", ".tsx": ".js", ".mts": ".mjs", ".cts": ".cjs"}

// parseTSRunner is what a start script running TypeScript source through a loader runs: `node
// -r esbuild-register src/index.ts` (Turborepo's starter API), `node --require ts-node/register
// src/index.ts`, `ts-node [-T] src/index.ts`. hook is the loader's package. Any other flag or
// shell syntax makes it unusable, as parseStart.
func parseTSRunner(script string) (sf scriptFile, hook string, ok bool) {
	words := strings.Fields(script)
	if shellMeta.MatchString(script) || len(words) < 2 {
		return scriptFile{}, "", false
	}
	var rest []string
	switch words[0] {
	case "ts-node", "ts-node-transpile-only":
		hook = "ts-node"
		for len(words) > 1 && slices.Contains(tsNodeFlags, words[1]) {
			words = slices.Delete(words, 1, 2)
		}
		rest = words[1:]
	case "node":
		for i := 1; i < len(words); i++ {
			w := words[i]
			name, value, inline := strings.Cut(w, "=")
			if name != "-r" && name != "--require" && name != "--loader" && name != "--import" {
				rest = append(rest, w)
				continue
			}
			if !inline {
				if i+1 == len(words) {
					return scriptFile{}, "", false
				}
				i++
				value = words[i]
			}
			if !slices.Contains(tsHooks, value) || hook != "" {
				return scriptFile{}, "", false
			}
			hook = strings.SplitN(value, "/", 2)[0]
			if strings.HasPrefix(value, "@") {
				hook = strings.Join(strings.SplitN(value, "/", 3)[:2], "/")
			}
		}
		if hook == "" {
			return scriptFile{}, "", false
		}
	default:
		return scriptFile{}, "", false
	}
	sf, ok = parseStart("node " + strings.Join(rest, " "))
	if !ok || tsSource[path.Ext(sf.File)] == "" {
		return scriptFile{}, "", false
	}
	return sf, hook, true
}

// tscProject is the tsconfig a build script's `tsc` compiles (`tsc -p tsconfig.build.json`),
// "" when the script does not run tsc.
var tscProject = regexp.MustCompile(`(?:^|[\s&;])tsc(?:\s+(?:-p|--project)[\s=]+([A-Za-z0-9._/-]+))?(?:\s|$|&|;)`)

// compiledFile is where the package's tsc build writes the TypeScript file src: the tsconfig's
// outDir, with src's path below its rootDir (by default, before TypeScript 6, the common root
// of the inputs, taken here as the one directory include names, and the tsconfig's directory
// from 6 on), and .js for .ts. ok is false when the build script does not run tsc (or runs
// it with --noEmit, a type check) or the
// tsconfig sets no outDir (tsc then writes beside the source, which the image would run).
func compiledFile(p pkg, src string) (file, from string, ok bool) {
	m := tscProject.FindStringSubmatch(p.m.Scripts["build"])
	if m == nil || strings.Contains(p.m.Scripts["build"], "--noEmit") {
		return "", "", false
	}
	tsconfig := cmp.Or(m[1], "tsconfig.json")
	if path.Ext(tsconfig) != ".json" {
		tsconfig = path.Join(tsconfig, "tsconfig.json")
	}
	o := readTsconfig(p, path.Clean(tsconfig))
	if o.OutDir == "" {
		return "", "", false
	}
	root := o.RootDir
	if root == "" && tsMajor(p) < 6 {
		root = includeRoot(o.Include)
	}
	root = path.Clean(cmp.Or(root, "."))
	rel := src
	if root != "." {
		var under bool
		rel, under = strings.CutPrefix(src, root+"/")
		if !under {
			return "", "", false
		}
	}
	ext := path.Ext(rel)
	file, ok = entryPath(path.Join(o.OutDir, strings.TrimSuffix(rel, ext)+tsSource[ext]))
	return file, path.Clean(tsconfig) + "'s outDir " + path.Clean(o.OutDir), ok
}

// includeRoot is the directory every pattern of a tsconfig's include starts with (src of
// ["src/**/*"]), "" when they do not share one.
func includeRoot(include []string) string {
	root := ""
	for _, inc := range include {
		dir, _, _ := strings.Cut(path.Clean(inc), "/")
		if dir == "" || dir == "." || dir == ".." || strings.ContainsAny(dir, "*?.") || (root != "" && dir != root) {
			return ""
		}
		root = dir
	}
	return root
}
