package python

import (
	"regexp"
	"strings"
)

// A setuptools project without [project] declares its metadata in setup.cfg (dpaste's
// `[options] install_requires`, `python_requires`, `[options.entry_points] console_scripts`) or
// as literals of setup.py's setup() call. Its dependencies are installed by building it (dynamic),
// but what they name tells the framework and its server apart, as pyproject.toml's do.

// setupCfg is what planning reads of setup.cfg.
type setupCfg struct {
	installRequires []string
	pythonRequires  string
	// scripts are [options.entry_points] console_scripts, name to module:function.
	scripts map[string]string
	// extras are [options.extras_require], name to requirements (zou's `test =` with pytest).
	extras map[string][]string
}

// readSetupCfg reads setup.cfg's [options] and [options.entry_points] as setuptools does: an
// INI file whose values continue on indented lines, comments on lines of their own.
func readSetupCfg(text string) setupCfg {
	cfg := setupCfg{scripts: map[string]string{}}
	section, key := "", ""
	values := map[string]map[string][]string{}
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || strings.HasPrefix(trimmed, "#") || strings.HasPrefix(trimmed, ";"):
			continue
		case strings.HasPrefix(trimmed, "[") && strings.HasSuffix(trimmed, "]") && line[0] == '[':
			section, key = strings.TrimSpace(trimmed[1:len(trimmed)-1]), ""
			if values[section] == nil {
				values[section] = map[string][]string{}
			}
			continue
		case line[0] == ' ' || line[0] == '\t': // a continuation of the key's value
			if key != "" {
				values[section][key] = append(values[section][key], trimmed)
			}
			continue
		}
		k, v, ok := strings.Cut(trimmed, "=")
		if !ok || section == "" {
			key = ""
			continue
		}
		key = strings.TrimSpace(k)
		if v = strings.TrimSpace(v); v != "" {
			values[section][key] = append(values[section][key], v)
		} else {
			values[section][key] = []string{}
		}
	}
	opts := values["options"]
	cfg.extras = values["options.extras_require"]
	cfg.installRequires = opts["install_requires"] // one a line, markers and all
	if v := opts["python_requires"]; len(v) > 0 {
		cfg.pythonRequires = v[0]
	}
	for _, v := range values["options.entry_points"]["console_scripts"] {
		if name, target, ok := strings.Cut(v, "="); ok {
			if t := strings.Join(strings.Fields(target), ""); setupTarget.MatchString(t) {
				cfg.scripts[strings.TrimSpace(name)] = setupExtras.ReplaceAllString(t, "")
			}
		}
	}
	return cfg
}

var (
	// setupTarget is an entry point's module:function, with extras after it.
	setupTarget = regexp.MustCompile(`^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*(?:\[[^\]]*\])?$`)
	setupExtras = regexp.MustCompile(`\[[^\]]*\]$`)
	// setupInstallRequires is setup.py's install_requires, a list of literals
	// (`install_requires=["Django>=4.2", 'gunicorn']`), and setupString one of them.
	setupInstallRequires = regexp.MustCompile(`\binstall_requires\s*=\s*\[((?:[^\]"'#]|"[^"]*"|'[^']*'|#[^\n]*)*)\]`)
	setupString          = regexp.MustCompile(`"([^"]*)"|'([^']*)'`)
	setupComment         = regexp.MustCompile(`(?m)#[^\n"']*$`)
)

// setupPyRequires are the literals of setup.py's install_requires list; none when it is built
// by code (a variable, a file read).
func setupPyRequires(text string) []string {
	var out []string
	for _, list := range setupInstallRequires.FindAllStringSubmatch(text, -1) {
		for _, m := range setupString.FindAllStringSubmatch(setupComment.ReplaceAllString(list[1], ""), -1) {
			out = append(out, m[1]+m[2])
		}
	}
	return out
}
