package golang

import (
	"bytes"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// A Go server that listens on a loopback address written in its code (`http.ListenAndServe(
// "localhost:8080", h)`) answers nobody outside its container. Planning reads the non-test Go
// files of the main packages it builds (listenFollow) and looks for a loopback host:port string
// literal where a listen address goes: the first argument of a listen call (net/http,
// net.Listen, Gin's Run, Echo's Start, Fiber's Listen), an http.Server's Addr, or the default of
// a flag named for it (`flag.String("listen", "127.0.0.1:8080", ...)`, a FlagSet's or pflag's
// too, or a host alone, listenhost.go), urfave/cli's `Name:
// "listener", Value: "127.0.0.1:8080"`, a struct tag's `long:"bind" default:"localhost"` as
// go-flags and kong read it). Nothing else is read: an address from a config file or the
// environment is the program's setting, not its code. A file importing net/http/pprof is
// skipped: its localhost:6060 listener is a profiling endpoint kept off the network on purpose,
// as pprof's documentation writes it. The flags of a program are often declared outside its
// main package (transfer.sh's cmd/, pgweb's pkg/command/): the flag shapes alone are also looked
// for in the packages of its module that the image's program imports, where tools.go reads
// (toolFiles); the calls are not, as a package's listener may be a test or development helper.

// loopback is a quoted loopback host:port; its submatch is the address.
const loopback = `"((?:localhost|127\.[0-9]+\.[0-9]+\.[0-9]+|\[::1\]):[0-9]*)"`

var (
	listenCall = regexp.MustCompile(`(?:\bListenAndServe(?:TLS)?|\bnet\.Listen|\.(?:Listen|ListenTLS|Run|RunTLS|Start|StartTLS))\(\s*(?:"tcp[46]?",\s*)?` + loopback)
	serverAddr = regexp.MustCompile(`\bhttp\.Server\{[^}]*?\bAddr:\s*` + loopback)
	// flagDefault's default may be a helper's fallback beside the environment variable it reads
	// first (yarr: `opt("YARR_ADDR", "127.0.0.1:7070")`).
	// The flag set may be the flag package's, a FlagSet of its (rqlite's `fs.StringVar(&cfg.HTTPAddr,
	// "http-addr", "localhost:4001", ...)`) or pflag's (cobra's `cmd.Flags().StringVarP(&addr,
	// "listen", "l", "127.0.0.1:8080", ...)`, a one-letter shorthand after the name).
	flagDefault = regexp.MustCompile(`\b(?:[A-Za-z_]\w*(?:\(\))?\.)+(?:String|StringVar)P?\((?:&[\w.]+,\s*)?"([^"]*)",\s*(?:"[A-Za-z0-9]?",\s*)?(?:[\w.]+\(\s*(?:"([^"]*)",\s*)?)?` + loopback)
	// cliFlag is a flag literal of urfave/cli (v1 to v3): its Name, then its Value in the same
	// literal (one level of braces inside, `EnvVars: []string{"LISTENER"}`).
	cliFlag = regexp.MustCompile(`\bName:\s*"([^"]*)",(?:[^{}]|\{[^{}]*\})*?\bValue:\s*` + loopback)
	// cliEnv is the environment variable of such a literal: EnvVars (v2), EnvVar (v1),
	// cli.EnvVars (v3).
	cliEnv = regexp.MustCompile(`\bEnvVars?(?::\s*(?:\[\]string\{\s*)?|\(\s*)"([A-Z][A-Z0-9_]*)"`)
	// tagDefault is a struct field's tag naming a long flag (go-flags' long, kong's name) whose
	// default is a loopback host, with a port or without (pgweb's `long:"bind" default:"localhost"`).
	tagDefault  = regexp.MustCompile("`[^`\n]*`")
	tagLong     = regexp.MustCompile("(?:^|[\\s`])" + `(?:long|name):"([^"]+)"`)
	tagLoopback = regexp.MustCompile("(?:^|[\\s`])" + `default:"((?:localhost|127\.[0-9]+\.[0-9]+\.[0-9]+|\[::1\]|::1)(?::[0-9]*)?)"`)
	tagEnv      = regexp.MustCompile("(?:^|[\\s`])" + `env:"([A-Z][A-Z0-9_]*)"`)
	// tagKey is a configuration struct's key for a field (configor's, cleanenv's, viper's):
	// wakapi's `yaml:"listen_ipv4" default:"127.0.0.1" env:"WAKAPI_LISTEN_IPV4"`.
	tagKey       = regexp.MustCompile("(?:^|[\\s`])" + `(?:yaml|json|toml|mapstructure|koanf):"([^",]+)`)
	envName      = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	listenFlag   = regexp.MustCompile(`(?i)listen|bind|^(?:http[-_.]?)?addr(?:ess)?$|^http$`)
	debugFlag    = regexp.MustCompile(`(?i)pprof|profil|debug|metric`) // kept off the network on purpose
	listenShapes = []*regexp.Regexp{listenCall, serverAddr, flagDefault, cliFlag}
	flagShapes   = []*regexp.Regexp{flagDefault, cliFlag}
)

// listenFollow asks for the Go files of the main packages the build compiles, once they are
// known, by the patterns likelyListens reads with the first files: a package found under cmd/
// is asked for as cmd/*/*.go, so that planning the usual layout stays one read of the context.
func listenFollow(s *spec.Spec, bins []binary) []string {
	var out []string
	for _, b := range bins {
		dir := strings.TrimPrefix(b.Pkg, "./")
		p := path.Join(dir, "*.go")
		if namesNoMain(s) && path.Base(path.Dir(dir)) == "cmd" {
			p = path.Join(path.Dir(dir), "*", "*.go")
		}
		out = lang.AppendNew(out, p)
	}
	return out
}

// likelyListens are the Go files listenFollow would ask for in the usual layouts: those of the
// packages the spec names by path, else those of the root package and of cmd/<name>/.
func likelyListens(s *spec.Spec) []string {
	if namesNoMain(s) {
		return []string{"*.go", "cmd/*/*.go"}
	}
	var out []string
	for _, p := range append([]string{s.Entrypoint}, binaryPackages(s)...) {
		if !strings.HasPrefix(strings.TrimSpace(p), ".") {
			continue // empty, or an import path: followed once the module path is read
		}
		if rel, ok := lang.CleanRelPath(strings.TrimSpace(p)); ok && pkgPath.MatchString(rel) {
			out = append(out, path.Join(strings.TrimPrefix(rel, "./"), "*.go"))
		}
	}
	return out
}

func binaryPackages(s *spec.Spec) []string {
	var out []string
	for _, b := range s.Binaries {
		out = append(out, b.Package)
	}
	return out
}

// listenNotes are a ListenLocalhost note for each loopback listen address in the main packages'
// Go files, in file order, then for each loopback flag default in the other packages of the
// image's program that toolFiles reads. sub is the image's default subcommand ("" for none),
// which a fix of the spec's cmd keeps.
func listenNotes(s *spec.Spec, ws *workspace, bins []binary, run int, f lang.Facts, sub string) []plan.Note {
	var out []plan.Note
	vars := lang.DockerfileListenVars(f)
	var others map[string][][2]int // the functions of the other commands of a command table (switch.go)
	if sub != "" {
		others = otherCommandLines(f, strings.TrimPrefix(bins[run].Pkg, "./"), sub)
	}
	note := func(field, file string, ls []listen) {
		for _, l := range ls {
			if slices.ContainsFunc(others[file], func(r [2]int) bool { return r[0] <= l.line && l.line <= r[1] }) {
				continue // a flag of another command than the image's (mox's `updates serve` helper)
			}
			if _, set := s.Env.Get(l.env); (set && l.env != "") || l.setByDockerfile(vars) {
				continue // the spec, or the image as the project's Dockerfile, sets the variable the default gives way to
			}
			if l.givenBy(s.Cmd) {
				continue // the spec's cmd gives the flag
			}
			if sub != "" {
				l.fix = strings.Replace(l.fix, "`cmd: [", "`cmd: ["+strings.Join(strings.Fields(sub), ", ")+", ", 1)
			}
			out = append(out, rules.ListenLocalhost.Note(field, rules.ListenLocalhost.Format(file, l.line, l.what, l.fix)))
		}
	}
	for _, b := range bins {
		for _, file := range goFiles(f, strings.TrimPrefix(b.Pkg, "./")) {
			note(b.Field, file, loopbackListens(f[file], listenShapes))
		}
	}
	files, _ := toolFiles(ws, bins[run], f)
	for _, file := range files {
		if !slices.Contains(mainDirs(bins), path.Dir(file)) {
			note(bins[run].Field, file, loopbackListens(f[file], flagShapes))
		}
	}
	return out
}

type listen struct {
	line      int
	what, fix string
	env       string // the environment variable read before the default, "" for none
	// envSuffix ends the name of the variable read before the default when its prefix is not
	// known (viper's `_HOST` after a SetEnvPrefix of a constant), "" for none
	envSuffix string
	flag      string // the flag that sets the address, without its dashes; "" for none
}

// givenBy reports whether the spec's cmd gives the flag (`--http=0.0.0.0:8090`, `-addr :8080`).
func (l listen) givenBy(cmd *spec.Words) bool {
	if l.flag == "" || cmd == nil {
		return false
	}
	for _, w := range *cmd {
		name, _, _ := strings.Cut(strings.TrimLeft(w, "-"), "=")
		if strings.HasPrefix(w, "-") && name == l.flag {
			return true
		}
	}
	return false
}

// setByDockerfile reports a loopback default the image overrides: the variable the program reads
// first is one the project's Dockerfile sets to an address of every interface, which the image
// sets too (lang.DockerfileListenVars).
func (l listen) setByDockerfile(vars []plan.Env) bool {
	return slices.ContainsFunc(vars, func(e plan.Env) bool {
		return (l.env != "" && e.Key == l.env) || (l.env == "" && l.envSuffix != "" && strings.HasSuffix(e.Key, l.envSuffix))
	})
}

// pprofImport is a file serving net/http/pprof's handlers, whose documentation listens on
// localhost:6060 on purpose: a profiling endpoint kept off the network.
var pprofImport = regexp.MustCompile(`(?m)^\s*(?:import\s+)?_\s+"net/http/pprof"`)

// loopbackListens finds the shapes listed above in a Go file, skipping those in line comments
// and a file that serves pprof (its local listener is deliberate); the struct tags' are always
// looked for.
func loopbackListens(src []byte, shapes []*regexp.Regexp) []listen {
	if pprofImport.Match(src) {
		return nil
	}
	out := slices.Concat(tagListens(src), viperListens(src), computedListens(src), hostListens(src))
	text := string(src)
	for _, re := range shapes {
		for line, m := range lang.CodeMatches(re, text) {
			addr := string(src[m[len(m)-2]:m[len(m)-1]])
			_, port, _ := strings.Cut(strings.TrimPrefix(addr, "[::1]"), ":")
			l := listen{line: line,
				what: "listens on \"" + addr + "\"",
				fix:  "listen on \":" + port + "\" (every interface) or \"0.0.0.0:" + port + "\""}
			if re == cliFlag {
				name := string(src[m[2]:m[3]])
				if !listenFlag.MatchString(name) || debugFlag.MatchString(name) {
					continue
				}
				env := ""
				if e := cliEnv.FindStringSubmatch(literalAt(text, m[0])); e != nil {
					env = e[1]
				}
				l = flagListen(line, "--"+name, addr, env)
			}
			if re == flagDefault {
				name := string(src[m[2]:m[3]])
				if !listenFlag.MatchString(name) || debugFlag.MatchString(name) {
					continue
				}
				dash := flagDash(src, m[0])
				l.what = "defaults the " + dash + name + " flag to \"" + addr + "\""
				l.flag = name
				l.fix = "default it to \":" + port + "\", or set `cmd: [" + dash + name + "=:" + port + "]` in the spec"
				if m[4] >= 0 && envName.Match(src[m[4]:m[5]]) { // the environment variable a helper reads first
					env := string(src[m[4]:m[5]])
					l.env = env
					l.what = "defaults the " + dash + name + " flag to \"" + addr + "\" when " + env + " is unset"
					l.fix = "default it to \":" + port + "\", or set `env: {" + env + ": \"0.0.0.0:" + port + "\"}` in the spec"
				}
			}
			out = append(out, l)
		}
	}
	slices.SortStableFunc(out, func(a, b listen) int { return a.line - b.line })
	return out
}

// A flag declared with no default into a variable that the same file sets to a loopback
// address when the flag is not given: pocketbase's `StringVar(&httpAddr, "http", "", ...)` and,
// in its serve command, `if httpAddr == "" { httpAddr = "127.0.0.1:8090" }`. Only a variable of
// the flag set's (`&name` or `&cfg.name`) assigned a loopback literal with `=`.
var emptyFlag = regexp.MustCompile(`\b(?:[A-Za-z_]\w*(?:\(\))?\.)+StringVarP?\(\s*&([\w.]+),\s*"([^"]*)",\s*(?:"[A-Za-z0-9]?",\s*)?""`)

// loopbackAssign is a variable (or field) assigned a loopback address with `=`.
var loopbackAssign = regexp.MustCompile(`(?:^|[^\w.])([\w.]+)\s*=\s*` + loopback)

// computedListens are the flags above whose computed default is a loopback address.
func computedListens(src []byte) []listen {
	var out []listen
	text := string(src)
	for _, m := range emptyFlag.FindAllSubmatch(src, -1) {
		name := string(m[2])
		if !listenFlag.MatchString(name) || debugFlag.MatchString(name) {
			continue
		}
		for line, a := range lang.CodeMatches(loopbackAssign, text) {
			if !bytes.Equal(src[a[2]:a[3]], m[1]) {
				continue
			}
			l := flagListen(line, "--"+name, string(src[a[4]:a[5]]), "")
			l.what += " when it is not given (the code sets it)"
			out = append(out, l)
			break
		}
	}
	return out
}

// viper's defaults: dagu's `v.SetDefault("host", "127.0.0.1")`, a setting its environment
// (DAGU_HOST, by its SetEnvPrefix) or its configuration file sets.
var (
	viperDefault   = regexp.MustCompile(`\.SetDefault\(\s*"([\w.-]+)",\s*"((?:localhost|127\.[0-9]+\.[0-9]+\.[0-9]+|\[::1\])(?::[0-9]*)?)"\s*\)`)
	viperListenKey = regexp.MustCompile(`(?i)^(?:(?:server|http|web)[._-]?)?(?:host|listen|bind|addr(?:ess)?)$`)
	viperPrefix    = regexp.MustCompile(`\.SetEnvPrefix\(\s*"([A-Za-z0-9_]+)"\s*\)`)
)

// viperListens are viper's defaults of a listen setting to a loopback address: the message
// names the environment variable when the file sets a literal prefix, else the setting.
func viperListens(src []byte) []listen {
	var out []listen
	text := string(src)
	for line, m := range lang.CodeMatches(viperDefault, text) {
		key, addr := text[m[2]:m[3]], text[m[4]:m[5]]
		if !viperListenKey.MatchString(key) {
			continue
		}
		bind := "0.0.0.0"
		if i := strings.LastIndex(addr, ":"); i >= 0 && !strings.HasPrefix(addr, "[") {
			bind += addr[i:]
		}
		l := listen{line: line, what: "defaults its " + key + " setting to \"" + addr + "\" (viper's SetDefault)",
			fix: "set it to \"" + bind + "\" in its configuration file or in the environment variable viper reads it from (`env`)"}
		if !strings.Contains(key, ".") {
			l.envSuffix = "_" + strings.ToUpper(key)
		}
		if p := viperPrefix.FindSubmatch(src); p != nil && !strings.Contains(key, ".") {
			l.env = strings.ToUpper(string(p[1]) + "_" + key)
			l.what += " when " + l.env + " is unset"
			l.fix = "set `env: {" + l.env + ": \"" + bind + "\"}` in the spec, or it in its configuration file"
		}
		out = append(out, l)
	}
	return out
}

// tagListens are the struct tags naming a listen flag whose default is a loopback host.
func tagListens(src []byte) []listen {
	var out []listen
	text := string(src)
	for line, m := range lang.CodeMatches(tagDefault, text) {
		tag := src[m[0]:m[1]]
		name, addr := tagLong.FindSubmatch(tag), tagLoopback.FindSubmatch(tag)
		env := ""
		if e := tagEnv.FindSubmatch(tag); e != nil {
			env = string(e[1])
		}
		key := tagKey.FindSubmatch(tag)
		if name == nil && key != nil && env != "" && addr != nil && !strings.Contains(string(addr[1]), "::1") {
			name = key // a configuration's setting, which the environment variable env sets
		} else {
			key = nil
		}
		if name == nil || addr == nil || !listenFlag.Match(name[1]) && (key != nil || !tagSaysListen(tag)) || debugFlag.Match(name[1]) {
			continue
		}
		if key != nil {
			out = append(out, settingListen(line, string(key[1]), string(addr[1]), env))
			continue
		}
		out = append(out, flagListen(line, "--"+string(name[1]), string(addr[1]), env))
	}
	return out
}

// flagDash is the dash a command line writes before the name of the flag defined at src[at:]:
// the flag package takes -name and --name, pflag only --name.
func flagDash(src []byte, at int) string {
	if bytes.HasPrefix(src[at:], []byte("flag.")) {
		return "-"
	}
	return "--"
}

// flagListen is the listen of a long flag (--name) defaulting to a loopback address, a host:port
// or a host alone, read from the environment variable env first when env is not "".
func flagListen(line int, flag, addr, env string) listen {
	host := "0.0.0.0"
	bind := "0.0.0.0"
	if i := strings.LastIndex(addr, ":"); i >= 0 && !strings.HasSuffix(addr, "::1") && addr != "[::1]" {
		host, bind = "0.0.0.0"+addr[i:], addr[i:]
	}
	l := listen{line: line, flag: strings.TrimLeft(flag, "-"), what: "defaults the " + flag + " flag to \"" + addr + "\"",
		fix: "default it to \"" + bind + "\", or set `cmd: [" + flag + "=" + bind + "]` in the spec"}
	if env != "" {
		l.env = env
		l.what += " when " + env + " is unset"
		l.fix = "default it to \"" + bind + "\", or set `env: {" + env + ": \"" + host + "\"}` in the spec"
	}
	return l
}

// settingListen is the listen of a configuration's setting (key) whose struct tag defaults it to
// a loopback address and reads the environment variable env first (an IPv6 loopback beside it
// is left alone: the IPv4 setting is the one to change).
func settingListen(line int, key, addr, env string) listen {
	l := flagListen(line, key, addr, env)
	l.flag = "" // a setting, not a flag
	l.what = "defaults its " + key + " setting to \"" + addr + "\" (a struct tag's default) when " + env + " is unset"
	_, fix, _ := strings.Cut(l.fix, ", or ")
	l.fix = fix + ", or in its configuration file"
	return l
}

// literalAt is the composite literal holding the byte at i: from i to the brace closing it, or
// to the text's end.
func literalAt(text string, i int) string {
	end, _ := lang.ClosingBrace(text, i)
	return text[i:end]
}
