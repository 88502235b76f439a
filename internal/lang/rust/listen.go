package rust

import (
	"bytes"
	"cmp"
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

// A Rust server that binds a loopback address written in its code answers nobody outside its
// container: actix-web's `HttpServer::new(app).bind(("127.0.0.1", 8080))` (its guide's first
// example), `.bind("127.0.0.1:8080")`, tokio's and axum's `TcpListener::bind("127.0.0.1:3000")`,
// `SocketAddr::from(([127, 0, 0, 1], 3000))`, `Ipv4Addr::LOCALHOST`. Planning reads the source
// file of the binary the image runs (its [[bin]] path, src/main.rs or src/bin/<name>.rs, a
// workspace member's src/main.rs) and names each such address (ListenLocalhost). An address
// from a config file, a flag or the environment is the program's setting, not its code, and is
// not read.
//
// A default address kept elsewhere in the server's package is named too: a loopback host:port
// string in one of its src/*.rs, on a port the spec publishes (meilisearch's `const
// DEFAULT_HTTP_ADDR: &str = "localhost:7700";` in crates/meilisearch/src/option.rs, a flag's
// default its clap options read with MEILI_HTTP_ADDR). A loopback address on another port is a
// client's (a database's, a cache's), and is not named; nor is any when the spec's env or cmd,
// or the project's Dockerfile's environment, gives an address of every interface. So is a clap
// argument whose default is a loopback host alone (sshx-server's `--listen`, default `::1`, its
// port another flag's), with the `cmd` that gives every interface. When the project's Dockerfile
// runs the binary with such an address (sshx's `CMD ["./sshx-server", "--listen", "::"]`), those
// arguments are the image's cmd (lang.DockerfileListenArgs), and nothing is named.
//
// Rocket listens on 127.0.0.1:8000 unless it is configured otherwise, and reads its
// configuration from the environment first: with rocket among the locked crates the image sets
// ROCKET_ADDRESS=0.0.0.0 and ROCKET_PORT to the spec's first port, as the Dockerfile of Rocket's
// deployment guide does, unless the spec's env sets them.

// loopbackHost is a loopback host as Rust code writes it in a string.
const loopbackHost = `(?:localhost|127\.[0-9]+\.[0-9]+\.[0-9]+|\[::1\]|::1)`

var (
	// bindCall is a bind or listen call's first argument: a host:port string, or a (host, port)
	// tuple.
	bindCall = regexp.MustCompile(`\b(?:bind|bind_\w+|listen|serve)\(\s*(?:\(\s*"(` + loopbackHost + `)"\s*,|"(` + loopbackHost + `:[0-9]+)")`)
	// hostPort is a loopback host:port string.
	hostPort = regexp.MustCompile(`"(` + loopbackHost + `):([0-9]{1,5})"`)
	// flagDefault is a clap argument's default of a loopback host alone, its port another
	// argument's (sshx-server's `#[clap(long, value_parser, default_value = "::1")] listen: IpAddr`).
	flagDefault = regexp.MustCompile(`#\[(?:clap|arg)\((.*\b)default_value\s*=\s*"(` + loopbackHost + `)"`)
	longFlag    = regexp.MustCompile(`\blong\b`)
	// fieldName is the struct field an attribute is on.
	fieldName = regexp.MustCompile(`^\s*(?:pub(?:\([a-z]+\))?\s+)?([a-z_][a-z0-9_]*)\s*:`)
	// loopbackAddr is a loopback address built from its parts.
	loopbackAddr = regexp.MustCompile(`\(\[\s*127\s*,\s*0\s*,\s*0\s*,\s*1\s*\]\s*,|\bIpv[46]Addr::LOCALHOST\b|\bIpv4Addr::new\(\s*127\s*,\s*0\s*,\s*0\s*,\s*1\s*\)`)
)

// listen is a loopback address in the binary's source: the line and what names it.
type listen struct {
	line int
	what string
}

// codeLines are a Rust file's lines outside its test module (`#[cfg(test)]` and what follows
// it, which a server's own tests bind), comments blanked. A `#[cfg(test)]` on the declaration of
// a module in a file of its own (`#[cfg(test)] mod test;`, among surrealdb-server's cli/mod.rs's
// module declarations at its top) is not the test module: the code after it is read.
func codeLines(src []byte) []string {
	for from := 0; ; {
		i := bytes.Index(src[from:], []byte("#[cfg(test)]"))
		if i < 0 {
			break
		}
		i += from
		if m := outOfLineMod.FindIndex(src[i+len("#[cfg(test)]"):]); m != nil {
			from = i + len("#[cfg(test)]") + m[1]
			continue
		}
		src = src[:i]
		break
	}
	lines := strings.Split(string(src), "\n")
	for i, line := range lines {
		if strings.HasPrefix(strings.TrimSpace(line), "//") {
			lines[i] = ""
		}
	}
	return lines
}

// outOfLineMod is the declaration of a module whose code is in a file of its own, after the
// attribute it follows (other attributes between).
var outOfLineMod = regexp.MustCompile(`^(?:\s*#\[[^\]]*\])*\s*(?:pub(?:\s*\([^)]*\))?\s+)?mod\s+[A-Za-z_]\w*\s*;`)

// loopbackListens are the loopback addresses a Rust file binds or builds, outside its test module.
func loopbackListens(src []byte) []listen {
	var out []listen
	for i, line := range codeLines(src) {
		m := bindCall.FindStringSubmatch(line)
		switch {
		case m != nil:
			out = append(out, listen{i + 1, "binds " + m[1] + m[2]})
		case loopbackAddr.MatchString(line):
			a := strings.TrimSuffix(strings.TrimPrefix(loopbackAddr.FindString(line), "("), ",")
			out = append(out, listen{i + 1, "listens on a loopback address, " + a})
		}
	}
	return out
}

// binarySource is the file the binary name is compiled from, as the facts read it: the root
// package's [[bin]] path, src/main.rs or src/bin/<name>.rs, else a workspace member's that
// builds it; "" when none is known.
func binarySource(m *manifest, name string, f lang.Facts) string {
	if m.Package == nil && m.Workspace != nil {
		for _, d := range memberDirs(m.Workspace.Members) {
			for file := range f {
				if ok, _ := path.Match(d+"/Cargo.toml", file); !ok {
					continue
				}
				mm, err := parseManifest(f[file])
				if err != nil || mm.Package == nil {
					continue
				}
				if src := binarySource(mm, name, f.In(path.Dir(file))); src != "" {
					return path.Join(path.Dir(file), src)
				}
			}
		}
		return ""
	}
	var cands []string
	for i, b := range m.Bin {
		if b.Name == name {
			cands = append(cands, m.binPaths()[i])
		}
	}
	if m.Package != nil && m.Package.Name == name {
		cands = append(cands, "src/main.rs")
	}
	cands = append(cands, "src/bin/"+name+".rs", "src/bin/"+name+"/main.rs")
	return f.First(cands...)
}

// packageDir is the directory of the package a binary's source file is in ("." for the root
// package), "" when the file is not below a src/.
func packageDir(file string) string {
	if i := strings.LastIndex(file, "src/"); i >= 0 && (i == 0 || file[i-1] == '/') {
		return path.Clean("./" + file[:i])
	}
	return ""
}

// packageSources is the pattern of the source files beside the binary's source file: its
// package's src/*.rs.
func packageSources(file string) string {
	if i := strings.LastIndex(file, "src/"); i >= 0 && (i == 0 || file[i-1] == '/') {
		return file[:i] + "src/*.rs"
	}
	return path.Join(path.Dir(file), "*.rs")
}

// defaultAddrs are the loopback host:port strings on a port the spec publishes in the files
// beside the binary's source, but the lines that bind them (loopbackListens names those), and
// those of a clap subcommand other than sub, the one the image runs ("" for none known).
func defaultAddrs(s *spec.Spec, file, sub string, f lang.Facts) []plan.Note {
	var out []plan.Note
	for _, src := range f.Glob(packageSources(file)) {
		lines := codeLines(f[src])
		others := otherSubcommandLines(lines, sub)
		for i, line := range lines {
			m := hostPort.FindStringSubmatch(line)
			if m == nil || bindCall.MatchString(line) || !publishes(s, m[2]) || others[i] {
				continue
			}
			fix := "set the program's address to 0.0.0.0:" + m[2] + " by its flag (`cmd`) or environment variable (`env`)"
			if c := flagCmd(lines, i, sub, "0.0.0.0:"+m[2]); c != "" {
				fix = "write " + c + ", or set the address by the program's environment variable (`env`)"
			}
			out = append(out, rules.ListenLocalhost.Note(lang.FirstField(s, "entrypoint", "language"), rules.ListenLocalhost.Format(src, i+1,
				"has the default address "+m[1]+":"+m[2], fix)))
		}
		out = append(out, flagDefaults(s, src, lines, others, sub)...)
	}
	return out
}

// flagDefaults name the clap arguments of a file's lines whose default is a loopback host, but
// those of other subcommands, with the `cmd` that gives an address of every interface when the
// argument is a long flag.
func flagDefaults(s *spec.Spec, file string, lines []string, others map[int]bool, sub string) []plan.Note {
	var out []plan.Note
	for i, line := range lines {
		m := flagDefault.FindStringSubmatch(line)
		if m == nil || others[i] {
			continue
		}
		every := "0.0.0.0"
		if strings.Contains(m[2], ":") {
			every = "::"
		}
		fix := "give the program an address of every interface (" + every + ") by its flag (`cmd`) or environment variable (`env`)"
		if c := flagCmd(lines, i, sub, every); c != "" {
			fix = "write " + c + ", or set the address by the program's environment variable (`env`)"
		}
		out = append(out, rules.ListenLocalhost.Note(lang.FirstField(s, "entrypoint", "language"), rules.ListenLocalhost.Format(file, i+1,
			"defaults a flag to the loopback address "+m[2], fix)))
	}
	return out
}

// clapAttr is a clap argument attribute, and what it says before its default.
var clapAttr = regexp.MustCompile(`#\[(?:clap|arg)\((.*\b)default_value`)

// flagCmd is the `cmd` that passes addr to the long flag whose clap attribute is lines[i], after
// the subcommand sub the image runs: `cmd: [serve, --bind, "0.0.0.0:7878"]`; "" when the line is
// not such an attribute.
func flagCmd(lines []string, i int, sub, addr string) string {
	m := clapAttr.FindStringSubmatch(lines[i])
	if m == nil || !longFlag.MatchString(m[1]) {
		return ""
	}
	for _, next := range lines[i+1 : min(len(lines), i+8)] {
		if f := fieldName.FindStringSubmatch(next); f != nil {
			words := "--" + strings.ReplaceAll(f[1], "_", "-") + ", \"" + addr + "\""
			if sub != "" {
				words = sub + ", " + words
			}
			return "`cmd: [" + words + "]`"
		}
	}
	return ""
}

// subcommandDerive is the derive of a clap Subcommand enum.
var subcommandDerive = regexp.MustCompile(`#\[\s*derive\s*\([^)]*\bSubcommand\b[^)]*\)\s*\]`)

// otherSubcommandLines are the indexes of the lines inside the variants of a clap Subcommand
// enum but sub's: their arguments are another subcommand's (bore's `local --local-host`, default
// localhost, beside the `server` its image runs; oxigraph's `serve-read-only --bind` beside
// `serve`). None when sub is "": which one runs is not known.
func otherSubcommandLines(lines []string, sub string) map[int]bool {
	out := map[int]bool{}
	if sub == "" {
		return out
	}
	for i := 0; i < len(lines); i++ {
		if !subcommandDerive.MatchString(lines[i]) {
			continue
		}
		for i < len(lines) && !strings.Contains(lines[i], "enum ") {
			i++
		}
		if i == len(lines) || !strings.Contains(lines[i], "{") {
			continue
		}
		depth, rename, other := 1, "", false
		for i++; i < len(lines) && depth > 0; i++ {
			line := lines[i]
			if depth == 1 {
				if m := variantName.FindStringSubmatch(line); m != nil {
					rename = m[1]
				} else if m := variantStart.FindStringSubmatch(line); m != nil {
					other = cmp.Or(rename, kebab(m[1])) != sub
					rename = ""
				}
			}
			if depth > 1 && other {
				out[i] = true
			}
			depth += strings.Count(line, "{") + strings.Count(line, "(") - strings.Count(line, "}") - strings.Count(line, ")")
		}
	}
	return out
}

// publishes reports a TCP port of the spec written as a number string.
func publishes(s *spec.Spec, port string) bool {
	for _, p := range s.Ports {
		if p.Protocol == "tcp" && strconv.Itoa(p.Number) == port {
			return true
		}
	}
	return false
}

// sourceReads are the files Follow asks for to find the binary's source: the root package's
// candidates and its src/*.rs (a workspace's members are read for their binaries already).
func sourceReads(m *manifest, s *spec.Spec) []string {
	if m.Package == nil {
		return nil
	}
	names, _ := m.binaries()
	if ep := strings.TrimSpace(s.Entrypoint); ep != "" {
		names = []string{ep}
	}
	out := []string{"src/main.rs", "src/*.rs"}
	out = append(out, m.binPaths()...)
	for _, n := range names {
		if binName.MatchString(n) {
			out = append(out, "src/bin/"+n+".rs", "src/bin/"+n+"/main.rs")
		}
	}
	var ok []string
	for _, p := range out {
		if lang.CheckContextName(p) == nil {
			ok = append(ok, p)
		}
	}
	return ok
}

// listenNotes are a ListenLocalhost note for each loopback address in the binary's source.
func listenNotes(s *spec.Spec, m *manifest, name, sub string, f lang.Facts) []plan.Note {
	file := binarySource(m, name, f)
	if file == "" {
		return nil
	}
	var out []plan.Note
	for _, l := range loopbackListens(f[file]) {
		out = append(out, rules.ListenLocalhost.Note(lang.FirstField(s, "entrypoint", "language"), rules.ListenLocalhost.Format(file, l.line, l.what,
			"bind 0.0.0.0 (or [::]), or read the address from the environment and set it in `env`")))
	}
	if !lang.GivesEveryInterface(s, f) && lang.DockerfileListenArgs(s, f, name) == nil {
		out = append(out, defaultAddrs(s, file, sub, f)...)
	}
	out = append(out, fixedPortNotes(s, file, f)...)
	out = append(out, missingInclusions(s, packageSources(file), f)...)
	// the package's path dependencies that embed (kellnr's embedded-resources crate)
	pkgDir, pkg := ".", m
	if d := packageDir(file); d != "" && d != "." {
		pm, err := parseManifest(f[d+"/Cargo.toml"])
		if err != nil {
			return out
		}
		pkgDir, pkg = d, pm
	}
	sources, _ := embeddingSources(f, pkg, m, pkgDir)
	for _, src := range sources {
		out = append(out, missingInclusions(s, src, f)...)
	}
	return out
}

// rocketEnv is Rocket's listening address and port for the image, when rocket is locked: all
// interfaces, and the spec's first TCP port; each unless the spec's env sets it.
func rocketEnv(s *spec.Spec, lock []byte) []plan.Env {
	if !lockHas(lock, "rocket") {
		return nil
	}
	var out []plan.Env
	if _, set := s.Env.Get("ROCKET_ADDRESS"); !set {
		out = append(out, plan.Env{Key: "ROCKET_ADDRESS", Value: "0.0.0.0"})
	}
	if port, ok := lang.FirstTCPPort(s); ok {
		if _, set := s.Env.Get("ROCKET_PORT"); !set {
			out = append(out, plan.Env{Key: "ROCKET_PORT", Value: strconv.Itoa(port)})
		}
	}
	return out
}

// A program built with clap's derive API whose server is a subcommand (kellnr's `kellnr start`;
// `serve`, `server`, `web` elsewhere) prints its help, or fails for want of a subcommand, when
// the image runs it without arguments; its own image runs `kellnr start`. Planning reads the
// binary's package's src/*.rs, and those of its direct path dependencies that depend on clap
// (kellnr's CLI is its kellnr-settings crate's cli.rs), with their cli module's src/cli/*.rs
// (surrealdb's is surrealdb-server's src/cli/mod.rs), for the Parser's subcommand field
// (`#[command(subcommand)] command: Option<Command>`) and that enum's variants, named as clap
// names them (kebab-case, or `#[command(name = "...")]`). Exactly one named serve, server or
// web is the image's default argument (`cmd`), as a Go command library's is (golang/serve.go);
// else exactly one named start or run, when running without a subcommand does nothing: the
// field is not an Option (clap then requires one), or its None arm prints the help. A Parser
// derived on an enum (rauthy's `enum Args { Serve(ArgsServer), ... }`) is the enum of
// subcommands itself, one of which clap requires.

var (
	// subcommandField is a clap Parser's subcommand field: its Option, and its type.
	subcommandField = regexp.MustCompile(`#\[\s*(?:command|clap)\s*\(\s*subcommand\s*\)\s*\]\s*(?:pub(?:\s*\([^)]*\))?\s+)?\w+\s*:\s*(Option\s*<\s*)?([A-Za-z_]\w*)`)
	// variantName is clap's rename of a variant.
	variantName = regexp.MustCompile(`#\[\s*(?:command|clap)\s*\([^\]]*\bname\s*=\s*"([^"]+)"`)
	// variantStart is a line of an enum's body that starts a variant.
	variantStart = regexp.MustCompile(`^\s*([A-Z][A-Za-z0-9_]*)\s*(?:[{(,]|$)`)
	// noneHelps is a match arm of no subcommand that prints the help.
	noneHelps = regexp.MustCompile(`\bNone\s*=>[^;]{0,120}?print_(?:long_)?help`)
)

// serverSubcommand is clap's name of the subcommand the image runs by default among the
// sources (file paths in facts), "" for none or several.
func serverSubcommand(f lang.Facts, sources []string) string {
	var all string
	for _, file := range sources {
		all += strings.Join(codeLines(f[file]), "\n") + "\n"
	}
	var names []string
	required := false
	for _, body := range parserBodies(all) {
		for _, m := range subcommandField.FindAllStringSubmatch(body, -1) {
			names = append(names, enumVariants(all, m[2])...)
			required = required || m[1] == ""
		}
	}
	for _, typ := range parserEnums(all) {
		// a Parser derived on an enum (rauthy's `enum Args { Serve(ArgsServer), ... }`): its
		// variants are the subcommands, and clap requires one
		names = append(names, enumVariants(all, typ)...)
		required = true
	}
	if one := onlyOf(names, "serve", "server", "web"); one != "" {
		return one
	}
	if required || noneHelps.MatchString(all) {
		return onlyOf(names, "start", "run")
	}
	return ""
}

// parserDerive is the derive of a clap Parser, the command line's top.
var parserDerive = regexp.MustCompile(`#\[\s*derive\s*\([^)]*\bParser\b[^)]*\)\s*\]`)

// parserEnum is what follows a Parser derive that makes an enum the command line's top: other
// attributes, then the enum's name.
var parserEnum = regexp.MustCompile(`^(?:\s*#\[[^\]]*\])*\s*(?:pub(?:\s*\([^)]*\))?\s+)?enum\s+([A-Za-z_]\w*)`)

// parserEnums are the names of the enums deriving clap's Parser in text.
func parserEnums(text string) []string {
	var out []string
	for _, loc := range parserDerive.FindAllStringIndex(text, -1) {
		if m := parserEnum.FindStringSubmatch(text[loc[1]:]); m != nil {
			out = append(out, m[1])
		}
	}
	return out
}

// parserBodies are the bodies of the structs deriving clap's Parser in text: their subcommand
// field is the top level's (a variant's own subcommand field is a level below).
func parserBodies(text string) []string {
	var out []string
	for _, loc := range parserDerive.FindAllStringIndex(text, -1) {
		rest := text[loc[1]:]
		if parserEnum.MatchString(rest) { // an enum's variants are its subcommands (parserEnums)
			continue
		}
		open := strings.Index(rest, "{")
		if open < 0 || strings.Contains(rest[:open], ";") { // a tuple or unit struct
			continue
		}
		if end, closed := lang.BlockClose(rest, open); closed {
			out = append(out, rest[open+1:end-1])
		}
	}
	return out
}

// onlyOf is the one name of names among these, "" for none or several.
func onlyOf(names []string, these ...string) string {
	return lang.Only(names, func(n string) bool { return slices.Contains(these, n) })
}

// enumVariants are the subcommand names of the variants of the enum typ in text, as clap names
// them.
func enumVariants(text, typ string) []string {
	loc := regexp.MustCompile(`\benum\s+` + regexp.QuoteMeta(typ) + `\s*\{`).FindStringIndex(text)
	if loc == nil {
		return nil
	}
	var names []string
	depth, rename := 1, ""
	for _, line := range strings.Split(text[loc[1]:], "\n") {
		if depth == 1 {
			if m := variantName.FindStringSubmatch(line); m != nil {
				rename = m[1]
			} else if m := variantStart.FindStringSubmatch(line); m != nil {
				names = append(names, cmp.Or(rename, kebab(m[1])))
				rename = ""
			}
		}
		depth += strings.Count(line, "{") + strings.Count(line, "(") - strings.Count(line, "}") - strings.Count(line, ")")
		if depth <= 0 {
			break
		}
	}
	return names
}

// kebab is clap's name of a variant: ServeHttp is serve-http.
func kebab(s string) string {
	var b strings.Builder
	for i, r := range s {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte('-')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// clapSources are the source patterns of the package's direct path dependencies whose
// Cargo.toml, read, depends on clap: their src/*.rs, and their src/cli/*.rs, a cli module's
// files (surrealdb's `surreal` runs surrealdb-server's `cli::init`, whose Parser and
// `enum Commands { Start(...), ... }` are in surrealdb/server/src/cli/mod.rs).
func clapSources(f lang.Facts, pkg, root *manifest, pkgDir string) []string {
	var out []string
	for _, dir := range pathDeps(pkg, root, pkgDir) {
		if dm, err := parseManifest(f[dir+"/Cargo.toml"]); err == nil && dm.Dependencies["clap"] != nil {
			out = append(out, dir+"/src/*.rs", dir+"/src/cli/*.rs")
		}
	}
	return out
}

// runsSubcommand is the subcommand the image runs: the first word of the spec's cmd, else of the
// planned one, when it is not a flag; "" for none.
func runsSubcommand(s *spec.Spec, planned []string) string {
	cmd := planned
	if s.Cmd != nil {
		cmd = *s.Cmd
	}
	if len(cmd) == 0 || strings.HasPrefix(cmd[0], "-") {
		return ""
	}
	return cmd[0]
}

// defaultSubcommand is the image's default argument for the binary name: the server
// subcommand its package's or its clap path dependencies' sources declare; nil for none.
func defaultSubcommand(m *manifest, name string, f lang.Facts) []string {
	dir, pkg := binaryPackage(m, name, f)
	if pkg == nil {
		return nil
	}
	sources := f.Glob(path.Join(dir, "src/*.rs"))
	for _, p := range clapSources(f, pkg, m, dir) {
		sources = append(sources, f.Glob(p)...)
	}
	if sub := serverSubcommand(f, sources); sub != "" {
		return []string{sub}
	}
	return nil
}
