package node

// Prisma: the client a project imports (@prisma/client, or a generator's output) is made by
// `prisma generate` from the project's schema. This file finds the schema and the generators as
// the Prisma CLI does, from the files planning reads; prisma_stages.go puts the generation in
// deps and the client in the production node_modules.

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// prismaConfigs are the files the Prisma CLI loads its configuration from (Prisma 6.x and 7),
// in its order.
var prismaConfigs = []string{"prisma.config.ts", "prisma.config.mts", "prisma.config.cts", "prisma.config.js",
	"prisma.config.mjs", "prisma.config.cjs", ".config/prisma.ts", ".config/prisma.mts", ".config/prisma.cts",
	".config/prisma.js", ".config/prisma.mjs", ".config/prisma.cjs"}

// prismaDefaults are where the CLI looks for a schema nobody names: prisma/schema.prisma, then
// schema.prisma; prisma/schema/ is the folder of a multi-file schema as the prismaSchemaFolder
// preview (Prisma 5.15 to 6.6) found it by default.
var prismaDefaults = []string{"prisma/schema.prisma", "schema.prisma"}

const prismaFolder = "prisma/schema"

// defaultPrismaOutput is where the prisma-client-js generator writes without an output: what
// @prisma/client loads (`.prisma/client` beside it).
const defaultPrismaOutput = "node_modules/.prisma/client"

// prismaSetup is how a project's Prisma client is generated.
type prismaSetup struct {
	// pkg is the workspace package that holds the schema (packages/db), nil for a single
	// package; its paths below are relative to the root (in), outputs' too.
	pkg    *wsPackage
	config string   // the prisma.config.* file, "" for none
	schema []string // the schema's files
	// tried says where the schema was looked for, when it was not found.
	tried string
	// cli: the prisma CLI is a dependency, so the build can run `prisma generate`; devCLI: a
	// dev dependency only.
	cli, devCLI bool
	// onInstall is the install script that runs `prisma generate` itself ("postinstall"), "" for none.
	onInstall string
	// schemaArg is the --schema of a `prisma generate` that an install script runs through
	// another script (postiz's `postinstall: pnpm run prisma-generate`), which deps's own
	// generate passes: relative to the package, "" for none.
	schemaArg string
	// env are the variables the config reads with env(), which throws when one is unset.
	env     []string
	outputs []prismaOutput
}

// prismaOutput is a Prisma Client generator's output directory, relative to the package.
type prismaOutput struct {
	provider, dir string
	rustEngine    bool // prisma-client-js with Prisma's native query engine
}

// usesPrisma: package.json depends on the Prisma CLI or its client.
func usesPrisma(m manifest) bool { return m.Deps["prisma"] || m.Deps["@prisma/client"] }

// prismaReads are the files to read for a project that uses Prisma: its config files, the
// schema's default places, the multi-file folder, and the place package.json or the config
// names (once the config is read). None for other projects, whose reads stay as they were.
func prismaReads(f lang.Facts, m manifest) []string {
	if !usesPrisma(m) {
		return nil
	}
	out := slices.Concat(prismaConfigs, prismaDefaults, []string{prismaFolder + "/*.prisma", prismaFolder + "/*/*.prisma"}, prismaDotenvs)
	if loc, _ := prismaLocation(f, m); loc != "" {
		out = append(out, schemaReads(loc)...)
	}
	return out
}

// schemaReads are the names to read for a schema location: the file, or a folder's .prisma
// files two levels deep.
func schemaReads(loc string) []string {
	if strings.HasSuffix(loc, ".prisma") {
		return []string{loc}
	}
	return []string{loc + "/*.prisma", loc + "/*/*.prisma"}
}

var (
	configSchema = regexp.MustCompile("(?m)^\\s*schema\\s*:\\s*(?:[\"'`]([^\"'`\\n]+)[\"'`]|path\\.join\\(([^)\\n]*)\\))")
	stringLit    = regexp.MustCompile("[\"'`]([^\"'`\\n]*)[\"'`]")
	configEnv    = regexp.MustCompile("\\benv\\(\\s*[\"'`]([A-Za-z_][A-Za-z0-9_]*)[\"'`]")
)

// prismaConfig is the config file the CLI loads, "" for none.
func prismaConfig(f lang.Facts) string { return f.First(prismaConfigs...) }

// prismaLocation is the schema's location the project names, cleaned, and where: the
// `--schema` of an install script's `prisma generate`, else the config's `schema` (a string, or
// path.join of strings), else package.json's prisma.schema. "" when none names one, or it is
// not a plain path inside the context.
func prismaLocation(f lang.Facts, m manifest) (loc, from string) {
	if v := scriptSchema(m); v != "" {
		loc, from = v, "the install script's prisma generate --schema"
	}
	if v := ranScriptSchema(m); v != "" && loc == "" {
		loc, from = v, "the install script's prisma generate --schema"
	}
	if c := prismaConfig(f); c != "" && loc == "" {
		if sm := configSchema.FindStringSubmatch(f.Text(c)); sm != nil {
			loc, from = sm[1], c+"'s schema"
			if sm[2] != "" {
				var parts []string
				for _, lit := range stringLit.FindAllStringSubmatch(sm[2], -1) {
					parts = append(parts, lit[1])
				}
				loc = path.Join(parts...)
			}
			// the config's paths are relative to the config file
			loc = path.Join(path.Dir(c), loc)
		}
	}
	if loc == "" && m.PrismaSchema != "" {
		loc, from = m.PrismaSchema, "package.json's prisma.schema"
	}
	clean, ok := entryPath(strings.TrimSuffix(loc, "/"))
	if loc == "" || !ok || clean == "." {
		return "", ""
	}
	return clean, from
}

// readPrisma finds how a project's client is generated, nil for a project without Prisma, and
// the warnings: a schema the build cannot find, a native query engine.
// In a workspace, f are the package's facts (lang.Facts.In) and in names the package for the
// warning ("" for a single package).
func readPrisma(f lang.Facts, m manifest, in string) (*prismaSetup, []plan.Note) {
	if !usesPrisma(m) {
		return nil, nil
	}
	p := &prismaSetup{config: prismaConfig(f), cli: m.Deps["prisma"], devCLI: m.Deps["prisma"] && !m.Prod["prisma"]}
	loc, from := prismaLocation(f, m)
	switch {
	case loc != "":
		p.schema = foundSchema(f, loc)
		p.tried = from + " (" + loc + ")"
	default:
		for _, d := range prismaDefaults {
			if f.Has(d) {
				p.schema = []string{d}
				break
			}
		}
		if p.schema == nil {
			p.schema = foundSchema(f, prismaFolder)
		}
		p.tried = strings.Join(prismaDefaults, ", ") + " and " + prismaFolder + "/"
	}
	for _, name := range installScripts {
		if runsPrismaGenerate(m.Scripts[name]) {
			p.onInstall = name
			break
		}
	}
	if p.onInstall == "" && loc != "" && scriptSchema(m) == "" && ranScriptSchema(m) != "" {
		p.schemaArg = loc
	}
	if p.config != "" {
		for _, sm := range configEnv.FindAllStringSubmatch(f.Text(p.config), -1) {
			p.env = append(p.env, sm[1])
		}
		slices.Sort(p.env)
		p.env = slices.Compact(p.env)
	}
	var notes []plan.Note
	if len(p.schema) == 0 {
		if p.cli || p.onInstall != "" {
			notes = append(notes, rules.PrismaSchemaNotFound.Note("", rules.PrismaSchemaNotFound.Format(when(in != "", in+"'s ", "")+p.tried)))
		}
		return p, notes
	}
	for _, file := range p.schema {
		p.outputs = append(p.outputs, generatorOutputs(file, f.Text(file))...)
	}
	if major, ok := prismaMajor(m); ok && major < 7 {
		for _, o := range p.outputs {
			if o.rustEngine {
				notes = append(notes, rules.PrismaQueryEngine.Note("", rules.PrismaQueryEngine.Format(major)))
				break
			}
		}
	}
	return p, notes
}

// foundSchema are the schema files read at loc: the file, or the folder's .prisma files.
func foundSchema(f lang.Facts, loc string) []string {
	if strings.HasSuffix(loc, ".prisma") {
		if f.Has(loc) {
			return []string{loc}
		}
		return nil
	}
	return slices.Concat(f.Glob(loc+"/*.prisma"), f.Glob(loc+"/*/*.prisma"))
}

var (
	generatorBlock = regexp.MustCompile(`(?m)^\s*generator\s+\w+\s*\{([^}]*)\}`)
	schemaField    = regexp.MustCompile(`(?m)^\s*(provider|output|engineType)\s*=\s*"([^"]*)"`)
)

// generatorOutputs are the Prisma Client generators of a schema file and where they write:
// output is relative to the file; prisma-client-js writes to node_modules/.prisma/client
// without one. Other generators (third parties') run too, but what they write is theirs.
func generatorOutputs(file, text string) []prismaOutput {
	var out []prismaOutput
	for _, block := range generatorBlock.FindAllStringSubmatch(stripPrismaComments(text), -1) {
		fields := map[string]string{}
		for _, kv := range schemaField.FindAllStringSubmatch(block[1], -1) {
			fields[kv[1]] = kv[2]
		}
		o := prismaOutput{provider: fields["provider"]}
		if o.provider != "prisma-client-js" && o.provider != "prisma-client" {
			continue
		}
		o.rustEngine = o.provider == "prisma-client-js" && fields["engineType"] != "client"
		switch dir, ok := entryPath(path.Join(path.Dir(file), fields["output"])); {
		case fields["output"] == "" && o.provider == "prisma-client-js":
			o.dir = defaultPrismaOutput
		case fields["output"] == "" || !ok || dir == ".":
			continue // prisma-client must name its output; Prisma says so
		default:
			o.dir = dir
		}
		out = append(out, o)
	}
	return out
}

// stripPrismaComments drops // comments, so a commented-out output is not read.
func stripPrismaComments(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if j := strings.Index(l, "//"); j >= 0 && !strings.Contains(l[:j], `"`) {
			lines[i] = l[:j]
		}
	}
	return strings.Join(lines, "\n")
}

// prismaGenerateArgs are the arguments of a script's `prisma generate` (npx's, pnpm's, pnpm
// exec's or yarn's too), maybe beside other commands with &&: ok is false when it runs none.
// Only flags may follow (`--no-hints`, `--schema x`, `--schema=x`).
func prismaGenerateArgs(script string) (args []string, ok bool) {
	for _, seg := range strings.Split(script, "&&") {
		w := binCommand(seg)
		if len(w) < 2 || w[0] != "prisma" && !strings.HasPrefix(w[0], "prisma@") || w[1] != "generate" {
			continue
		}
		for i, a := range w[2:] {
			if !strings.HasPrefix(a, "-") && (i == 0 || w[i+1] != "--schema") {
				return nil, false
			}
		}
		return w[2:], true
	}
	return nil, false
}

// runsPrismaGenerate: a script that runs `prisma generate`.
func runsPrismaGenerate(script string) bool {
	_, ok := prismaGenerateArgs(script)
	return ok
}

// binCommand is the words of one command of a script, without the runner that finds a
// package's bin (npx, yarn, pnpm, pnpm exec; Bun's bunx, bun x, bun run and bun, which Bun
// projects' scripts use: `bunx only-allow bun`).
func binCommand(command string) []string {
	w := strings.Fields(command)
	switch {
	case len(w) > 0 && (w[0] == "npx" || w[0] == "yarn" || w[0] == "bunx"):
		return w[1:]
	case len(w) > 1 && (w[0] == "pnpm" && (w[1] == "exec" || w[1] == "dlx") || w[0] == "bun" && (w[1] == "x" || w[1] == "run")):
		return w[2:]
	case len(w) > 0 && (w[0] == "pnpm" || w[0] == "bun"):
		return w[1:]
	}
	return w
}

// scriptSchema is the schema a `prisma generate --schema x` of the install scripts names: the
// CLI's first choice.
func scriptSchema(m manifest) string {
	for _, name := range installScripts {
		if v := generateSchema(m.Scripts[name]); v != "" {
			return v
		}
	}
	return ""
}

// generateSchema is the --schema of script's `prisma generate`, "" for none.
func generateSchema(script string) string {
	args, _ := prismaGenerateArgs(script)
	for i, a := range args {
		if v, ok := strings.CutPrefix(a, "--schema="); ok {
			return v
		}
		if a == "--schema" && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

// ranScriptSchema is the schema the `prisma generate --schema x` of a script an install
// script runs names (postiz's `postinstall: pnpm run prisma-generate`, that script `pnpm dlx
// prisma@6.5.0 generate --schema ./libraries/.../schema.prisma`): a command of the install
// script that runs another script of package.json, one level deep.
func ranScriptSchema(m manifest) string {
	for _, name := range installScripts {
		for _, seg := range strings.Split(m.Scripts[name], "&&") {
			run := runsScript(strings.Fields(seg))
			if run == "" || slices.Contains(installScripts, run) {
				continue
			}
			if v := generateSchema(m.Scripts[run]); v != "" {
				return v
			}
		}
	}
	return ""
}

var leadingMajor = regexp.MustCompile(`^[\^~>=v\s]*([0-9]+)`)

// prismaMajor is the major version package.json asks for, of the CLI, else of the client.
func prismaMajor(m manifest) (int, bool) {
	r := cmp.Or(m.Ranges["prisma"], m.Ranges["@prisma/client"])
	sm := leadingMajor.FindStringSubmatch(r)
	if sm == nil {
		return 0, false
	}
	n, err := strconv.Atoi(sm[1])
	return n, err == nil
}

// inNodeModules: an output the production node_modules must hold (a workspace package's
// outputs are below its directory).
func (o prismaOutput) inNodeModules() bool {
	return strings.Contains("/"+o.dir+"/", "/node_modules/")
}

// prismaDotenvs are the .env files the Prisma client loads when a variable its schema reads is
// not in the environment: the project's and the one beside the default schema.
var prismaDotenvs = []string{".env", "prisma/.env"}

// datasourceURL is the variable a schema's datasource block reads its url from with env().
var datasourceURL = regexp.MustCompile(`(?s)\bdatasource\s+\w+\s*\{[^}]*?\burl\s*=\s*env\(\s*"([A-Za-z_][A-Za-z0-9_]*)"\s*\)`)

// prismaDotenvNotes warn (PrismaEnvOnlyInDotenv) of the variable a single package's schema reads
// its database URL from when a .env of the context alone sets it: hemmelig commits `.env` with
// SECRET_DATABASE_URL="file:../database/hemmelig.db", which its Dockerfile copies and the image,
// leaving .env files out, does not hold. Not when the spec's env sets it or its files copy a .env.
func prismaDotenvNotes(s *spec.Spec, f lang.Facts, p *prismaSetup) []plan.Note {
	if p == nil || p.pkg != nil || slices.ContainsFunc(s.Files, func(fc spec.FileCopy) bool { return strings.Contains(fc.Src, ".env") }) {
		return nil
	}
	for _, file := range p.schema {
		m := datasourceURL.FindStringSubmatch(stripPrismaComments(f.Text(file)))
		if m == nil {
			continue
		}
		name := m[1]
		if _, set := s.Env.Get(name); set {
			return nil
		}
		for _, env := range prismaDotenvs {
			value, ok := lang.DotenvValue(f.Text(env), name)
			if !ok || value == "" {
				continue
			}
			fix := fmt.Sprintf("give it where the container runs (`docker run -e %s=...`), or in `env` when it holds no secret", name)
			if strings.HasPrefix(value, "file:") { // SQLite's file, relative to the schema's directory
				fix = fmt.Sprintf("set `env: {%s: %q}` (%s's value; a SQLite file relative to %s, in a directory the runtime user may write)",
					name, value, env, path.Dir(file))
			}
			return append([]plan.Note(nil), rules.PrismaEnvOnlyInDotenv.Note(lang.FirstField(s, "env", "language"),
				rules.PrismaEnvOnlyInDotenv.Format(file, name, env, fix)))
		}
		return nil
	}
	return nil
}
