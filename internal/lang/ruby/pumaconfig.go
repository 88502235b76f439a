package ruby

import (
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

// rootPumaConfig is the Puma configuration that puma does not read by itself: puma reads
// config/puma/<environment>.rb or config/puma.rb unless -C names a file, so a root puma.rb
// (bienapi's, which its Dockerfile runs with `puma -C puma.rb`) lost its workers, threads and
// port.
const rootPumaConfig = "puma.rb"

// pumaDefaultConfigs are the files puma reads without -C (RACK_ENV is production in the image).
var pumaDefaultConfigs = []string{"config/puma.rb", "config/puma/production.rb"}

var (
	pumaDaemonize = regexp.MustCompile(`^daemonize\b\s*\(?\s*(\w*)`)
	pumaWrites    = regexp.MustCompile(`^(pidfile|state_path|stdout_redirect)\b\s*\(?\s*(.*)$`)
	pumaBind      = regexp.MustCompile(`^bind\b\s*\(?\s*(.*)$`)
	pumaPort      = regexp.MustCompile(`^port\b\s*\(?\s*(.*)$`)
	rubyLiteral   = regexp.MustCompile(`^(?:"([^"#\\]*)"|'([^'\\]*)')`)
	literalPort   = regexp.MustCompile(`^([0-9]+)\s*(?:,\s*(?:"([^"#\\]*)"|'([^'\\]*)'))?\s*\)?\s*$`)
	bindPort      = regexp.MustCompile(`^(?:tcp|ssl)://(\[[^\]]*\]|[^:/]*):([0-9]+)`)
)

// pumaConfigCmd is the command that serves config.ru with a root puma.rb, `puma -C puma.rb`,
// when puma's own configuration files are not there and nothing in it fails in the container;
// else nil, with PumaConfigNotRun naming the line that would.
func pumaConfigCmd(s *spec.Spec, f lang.Facts) ([]string, []plan.Note) {
	if !f.Has(rootPumaConfig) || slices.ContainsFunc(pumaDefaultConfigs, f.Has) {
		return nil, nil
	}
	cmd := []string{"puma", "-C", rootPumaConfig}
	line, what := pumaUnsafe(s, f.Text(rootPumaConfig))
	if line == 0 {
		return cmd, nil
	}
	if s.Cmd != nil {
		return nil, nil // the spec says what runs
	}
	note := rules.PumaConfigNotRun.Note(lang.FirstField(s, "cmd", "language"),
		rules.PumaConfigNotRun.Format(rootPumaConfig, line, what, strings.Join(cmd, ", ")))
	return nil, append([]plan.Note(nil), note)
}

// pumaUnsafe is the first line of a Puma configuration that would not work in the image, and
// why; 0 when none. Read line by line, as written: a setting whose value is computed is taken
// as unsafe where its value matters (a pid file's path), else as the project's.
func pumaUnsafe(s *spec.Spec, text string) (int, string) {
	specPort, hasPort := lang.FirstTCPPort(s)
	for i, l := range strings.Split(text, "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		n := i + 1
		if m := pumaDaemonize.FindStringSubmatch(l); m != nil && m[1] != "false" {
			return n, "`" + l + "`: Puma would leave the foreground, and the container stop"
		}
		if m := pumaWrites.FindStringSubmatch(l); m != nil && !writableFile(s, m[2]) {
			return n, "`" + l + "` writes where the runtime user cannot (the app is root-owned; /tmp and `writable` directories are the user's)"
		}
		var host, port string
		if m := pumaBind.FindStringSubmatch(l); m != nil {
			lit := rubyLiteral.FindStringSubmatch(m[1])
			if lit == nil {
				continue // computed: the project's
			}
			uri := lit[1] + lit[2]
			if strings.HasPrefix(uri, "unix://") {
				return n, "`" + l + "` listens on a Unix socket, which nothing outside the container reaches"
			}
			if b := bindPort.FindStringSubmatch(uri); b != nil {
				host, port = b[1], b[2]
			}
		} else if m := pumaPort.FindStringSubmatch(l); m != nil {
			p := literalPort.FindStringSubmatch(m[1])
			if p == nil {
				continue
			}
			host, port = p[2]+p[3], p[1]
		}
		switch host {
		case "127.0.0.1", "localhost", "[::1]", "::1":
			return n, "`" + l + "` listens on the loopback interface, which nothing outside the container reaches"
		}
		if p, err := strconv.Atoi(port); err == nil && hasPort && p != specPort {
			return n, fmt.Sprintf("`%s` listens on port %d, not the spec's %d (write `ports: [%d]` if that is the one)", l, p, specPort, p)
		}
	}
	return 0, ""
}

// writableFile reports a Puma setting's file (its first argument) that the runtime user may
// write: a literal path in /tmp or in a `writable` directory.
func writableFile(s *spec.Spec, arg string) bool {
	lit := rubyLiteral.FindStringSubmatch(strings.TrimSpace(arg))
	if lit == nil {
		return false
	}
	p := lit[1] + lit[2]
	if !path.IsAbs(p) {
		p = path.Join(lang.AppDir, p)
	}
	p = path.Clean(p)
	if strings.HasPrefix(p, "/tmp/") {
		return true
	}
	return slices.ContainsFunc(s.Writable, func(w string) bool {
		dir := w
		if !path.IsAbs(dir) {
			dir = path.Join(lang.AppDir, w)
		}
		return strings.HasPrefix(p, path.Clean(dir)+"/")
	})
}
