package lang

import (
	"cmp"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A server may take its listen address from a configuration file rather than from its code:
// Dropwizard's `server config.yml` (graphhopper's example binds `bind_host: localhost`), an
// aiohttp application's `-c config/app.yaml` (`host: 127.0.0.1`), isso's `listen =
// http://localhost:8080`. When the image's command names such a file (`cmd: [server,
// config.yml]`, `--config=conf/app.toml`, as the spec writes it, or as the provider or the
// project's own Dockerfile runs the program) and the context holds it, planning reads it, for
// every language (declared's Follow and Plan), and names a loopback address it gives a listen
// key (host, bind, listen, bind_host, address, ...) at its top level or in a section of the
// server's (server, http, web, [server], a Dropwizard connector), as ListenLocalhost. Nothing
// else is read: a file the command does not name (a development config, docker-compose.yml) is
// not what the program reads, and a host of another section (postgres: host: localhost, isso's
// [smtp]) is a server it connects to.

// configExt are the extensions of the configuration files read, by format.
var configExt = map[string]string{
	".yml": "yaml", ".yaml": "yaml", ".json": "yaml", // JSON is read as YAML, which keeps lines
	".toml": "ini", ".ini": "ini", ".cfg": "ini", ".conf": "ini",
}

// ListenConfigReads are the configuration files that the spec's cmd or the project's
// Dockerfile's command names (configWords), read for ListenLocalhost. Each is asked for as a
// pattern of its own name (`config.ym[l]`), which matches files only: a directory of that name
// is then no error but nothing read.
func ListenConfigReads(s *spec.Spec, f Facts) []string {
	var words []string
	if s.Cmd != nil {
		words = append(words, *s.Cmd...)
	}
	_, df := projectDockerfile(f)
	words = append(words, df.command.words()...)
	var out []string
	for _, w := range configWords(words) {
		if p, ok := configContextPath(s, w, filesWorkdir(s)); ok {
			if p = filePattern(p); !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// configWords are the words of a command that name a configuration file: a word with one of
// configExt's extensions, or the value of a `--flag=` word with one; not a compose file, nor a
// tool's manifest (deno.json, package.json), whose keys are no program's settings.
func configWords(words []string) []string {
	var out []string
	for _, w := range words {
		if strings.HasPrefix(w, "-") {
			_, v, ok := strings.Cut(w, "=")
			if !ok {
				continue
			}
			w = v
		}
		base := strings.ToLower(path.Base(w))
		if isPattern(w) || configExt[path.Ext(base)] == "" || strings.Contains(base, "compose") || toolManifest.MatchString(base) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// configContextPath is the context path of a configuration file the image's command names as w,
// relative to the image's working directory workdir: the src of the spec's files entry whose dest
// it is, else the same path in the context. false for a path the context cannot hold there.
func configContextPath(s *spec.Spec, w, workdir string) (string, bool) {
	rel := w
	if path.IsAbs(w) {
		r, ok := strings.CutPrefix(path.Clean(w), path.Clean(workdir)+"/")
		if !ok {
			r = ""
		}
		rel = r
	}
	for _, fc := range s.Files {
		dest := fc.Dest
		if path.IsAbs(dest) {
			if path.Clean(dest) == path.Clean(w) {
				return ContextPath(fc.Src)
			}
			continue
		}
		if dest == "" {
			dest = fc.Src
		}
		if rel != "" && path.Clean(dest) == path.Clean(rel) {
			return ContextPath(fc.Src)
		}
	}
	if rel == "" {
		return "", false
	}
	return ContextPath(rel)
}

// listenConfigNotes are a ListenLocalhost note for each loopback listen address in the
// configuration files the image's command names (its entrypoint's and its cmd's words, the
// spec's cmd in place of the runtime's), but when the image is given an address of every
// interface (GivesEveryInterface, or a JVM option's `-D...=0.0.0.0`).
func (t *Toolchain) listenConfigNotes(s *spec.Spec, f Facts) []plan.Note {
	cmd := t.Runtime.Cmd
	if s.Cmd != nil {
		cmd = *s.Cmd
	}
	words := configWords(slices.Concat(t.Runtime.Entrypoint, cmd))
	if (len(words) == 0 && len(t.Runtime.ConfigFiles) == 0) || GivesEveryInterface(s, f) {
		return nil
	}
	if s.JVMOptions != nil && slices.ContainsFunc(*s.JVMOptions, func(o string) bool { _, ok := anyAddresses(s, o); return ok }) {
		return nil
	}
	workdir := cmp.Or(s.Workdir, t.Runtime.Workdir, AppDir)
	var files []ReadPath
	for _, w := range words {
		if p, ok := configContextPath(s, w, workdir); ok {
			files = append(files, ReadPath{Path: p, Why: "the configuration file the image's command names"})
		}
	}
	if len(words) == 0 { // a file the command names replaces the default the code opens
		files = t.Runtime.ConfigFiles
	}
	var out []plan.Note
	var seen []string
	for _, rp := range files {
		p := rp.Path
		if slices.Contains(seen, p) || f[p] == nil {
			continue
		}
		seen = append(seen, p)
		for _, l := range ConfigListens(p, f[p]) {
			out = append(out, rules.ListenLocalhost.Note(FirstField(s, "cmd", "entrypoint", "language"),
				rules.ListenLocalhost.Format(p, l.Line, "("+rp.Why+") sets "+l.Key+" to "+l.Value,
					"write 0.0.0.0 there (every interface), or give the program a configuration file of yours that does (`files`, and the option that names it in `cmd`)")))
		}
	}
	return out
}

// configLiteral is a configuration file's path written in code as string literals: one
// (`"config/app.yaml"`), or path parts joined by pathlib's `/` or a join's commas (`BASE_DIR /
// 'config' / 'polls.yaml'`, `os.path.join(ROOT, "config", "app.toml")`); the submatch is the parts.
var configLiteral = regexp.MustCompile(`((?:['"][A-Za-z0-9_.-]+['"]\s*[/,]\s*)*['"][A-Za-z0-9_./-]+\.(?:ya?ml|json|toml|ini|cfg|conf)['"])`)

var literalPart = regexp.MustCompile(`['"]([^'"]+)['"]`)

// ConfigLiterals are the configuration files the source file file names as literals
// (configLiteral), outside `#` and `//` comments: each the context paths it may be, the
// context's root first (a project's root, where `Path(__file__).parent.parent` points from a
// package), then file's directory; Why is the file and line.
func ConfigLiterals(file, src string) (cands [][]string, why []string) {
	for line, m := range CodeMatches(configLiteral, src) {
		if start := strings.LastIndexByte(src[:m[0]], '\n') + 1; strings.Contains(src[start:m[0]], "#") {
			continue
		}
		var parts []string
		for _, p := range literalPart.FindAllStringSubmatch(src[m[2]:m[3]], -1) {
			parts = append(parts, p[1])
		}
		lit := path.Join(parts...)
		if toolManifest.MatchString(path.Base(lit)) || strings.Contains(path.Base(lit), "compose") {
			continue
		}
		var c []string
		for _, p := range []string{lit, path.Join(path.Dir(file), lit)} {
			if cp, ok := ContextPath(p); ok && !slices.Contains(c, cp) {
				c = append(c, cp)
			}
		}
		if len(c) > 0 {
			cands, why = append(cands, c), append(why, file+":"+strconv.Itoa(line))
		}
	}
	return cands, why
}

// ConfigDefaults are the configuration files the source files name as literals (ConfigLiterals)
// that the context holds, the first of each literal's candidates: for Runtime.ConfigFiles.
func ConfigDefaults(f Facts, files []string) []ReadPath {
	var out []ReadPath
	for _, file := range files {
		cands, why := ConfigLiterals(file, f.Text(file))
		for i, c := range cands {
			if p := f.First(c...); p != "" {
				out = append(out, ReadPath{Path: p, Why: "the configuration file " + why[i] + " opens"})
			}
		}
	}
	return out
}

// ConfigDefaultReads asks for the candidates of the literals of files (ConfigLiterals), as
// ListenConfigReads does.
func ConfigDefaultReads(f Facts, files []string) []string {
	var out []string
	for _, file := range files {
		cands, _ := ConfigLiterals(file, f.Text(file))
		for _, c := range cands {
			for _, p := range c {
				out = append(out, filePattern(p))
			}
		}
	}
	return out
}

// filePattern is a pattern that matches p alone, and only a file (`config.ym[l]`).
func filePattern(p string) string { return p[:len(p)-1] + "[" + p[len(p)-1:] + "]" }

// ConfigListen is a loopback listen address a configuration file gives: its key as the file
// nests it (server.application_connectors.bind_host), its value and its line.
type ConfigListen struct {
	Key, Value string
	Line       int
}

// ConfigListens are the loopback listen addresses of a configuration file named name (its
// extension says its format: YAML or JSON, TOML or INI), in file order.
func ConfigListens(name string, data []byte) []ConfigListen {
	switch configExt[strings.ToLower(path.Ext(name))] {
	case "yaml":
		var doc yaml.Node
		if yaml.Unmarshal(data, &doc) != nil {
			return nil
		}
		var out []ConfigListen
		yamlListens(&doc, nil, &out)
		return out
	case "ini":
		return iniListens(string(data))
	}
	return nil
}

// yamlListens adds the loopback listens of n, below the keys keys.
func yamlListens(n *yaml.Node, keys []string, out *[]ConfigListen) {
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			yamlListens(c, keys, out)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if v.Kind == yaml.ScalarNode {
				if listenSetting(keys, k.Value, v.Value) {
					*out = append(*out, ConfigListen{Key: strings.Join(append(slices.Clone(keys), k.Value), "."), Value: v.Value, Line: k.Line})
				}
				continue
			}
			if serverSection(k.Value) {
				yamlListens(v, append(slices.Clone(keys), k.Value), out)
			}
		}
	}
}

// toolManifest is the base name of a tool's manifest or settings.
var toolManifest = regexp.MustCompile(`^(?:package|deno|composer|tsconfig.*|jsconfig|app|bun)\.jsonc?$`)

var (
	iniSection = regexp.MustCompile(`^\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:[#;].*)?$`)
	iniKey     = regexp.MustCompile(`^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*?)\s*$`)
)

// iniListens are the loopback listens of an INI or TOML file: `key = value` (INI's `key:
// value` too) at its top or in a section ([server], TOML's [server.http], dotted keys).
func iniListens(src string) []ConfigListen {
	var out []ConfigListen
	var section []string
	for i, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		if m := iniSection.FindStringSubmatch(line); m != nil {
			section = strings.Split(strings.ReplaceAll(m[1], `"`, ""), ".")
			continue
		}
		m := iniKey.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		keys := slices.Concat(section, strings.Split(m[1], "."))
		value := m[2]
		if q := value[:min(1, len(value))]; q == `"` || q == "'" {
			value, _, _ = strings.Cut(value[1:], q) // a quoted value, a comment after it
		} else if j := strings.IndexAny(value, "#;"); j > 0 && (value[j-1] == ' ' || value[j-1] == '\t') {
			value = strings.TrimSpace(value[:j])
		}
		if listenSetting(keys[:len(keys)-1], keys[len(keys)-1], value) {
			out = append(out, ConfigListen{Key: strings.Join(keys, "."), Value: value, Line: i + 1})
		}
	}
	return out
}

// listenSetting reports a key of a listen address, below sections of the server's, whose
// value is a loopback address: a host (with a port or without), or, but for host, a URL of one
// (isso's `listen = http://localhost:8080`; its [general] host is the site's URL).
func listenSetting(sections []string, key, value string) bool {
	k := configName(key)
	if !listenKeys[k] || slices.ContainsFunc(sections, func(s string) bool { return !serverSection(s) }) {
		return false
	}
	if loopbackHostPort.MatchString(value) {
		return true
	}
	return k != "host" && loopbackURL.MatchString(value)
}

// configName is a key as listenKeys and serverSections write it: lower case, without _ and -.
func configName(k string) string {
	return strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(k))
}

// serverSection reports a section of the server's own settings: the top-level keys of a
// configuration that nests them (server:, http:, [server], Dropwizard's connectors); not an
// admin or metrics listener's, kept on loopback on purpose.
func serverSection(s string) bool { return serverSections[configName(s)] }

var (
	listenKeys = map[string]bool{
		"host": true, "bind": true, "listen": true, "bindhost": true, "bindaddress": true, "bindaddr": true,
		"address": true, "addr": true, "listenaddress": true, "listenaddr": true, "listenhost": true, "listenon": true,
		"httphost": true, "httpaddr": true, "httpaddress": true, "serverhost": true, "serveraddress": true, "serveraddr": true,
	}
	serverSections = map[string]bool{
		"server": true, "http": true, "https": true, "web": true, "webserver": true, "httpserver": true, "app": true,
		"application": true, "api": true, "listen": true, "service": true, "applicationconnectors": true, "connectors": true,
	}
	loopbackHostPort = regexp.MustCompile(`^(?:localhost|127\.[0-9]+\.[0-9]+\.[0-9]+|::1|\[::1\])(?::[0-9]{1,5})?$`)
	loopbackURL      = regexp.MustCompile(`^[a-z]+://(?:localhost|127\.[0-9]+\.[0-9]+\.[0-9]+|\[::1\])(?::[0-9]{1,5})?/?$`)
)
