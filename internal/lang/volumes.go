package lang

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/spec"
	"gopkg.in/yaml.v3"
)

// A project that ships its own container setup says where its program writes: the volumes of
// its compose file and of its Dockerfile (dockge's `./data:/app/data`, `VOLUME /app/data`).
// Below the image's working directory, such a directory must be the runtime user's, or a
// non-root program dies at start creating it (EACCES). Those are read here; the skeleton makes
// them writable as the spec's `writable` would (Runtime.Volumes).

// VolumeFiles are the files read for the project's volumes: its compose file and Dockerfile
// (when the build file is the Dockerfile, it is the spec, which declares none).
var VolumeFiles = slices.Concat(composeFiles, dockerfiles)

// composeFiles and dockerfiles are the names read, in the order they are looked at.
var (
	composeFiles = []string{"compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"}
	dockerfiles  = []string{"Dockerfile", "Containerfile", "docker/Dockerfile"}
)

// Volume is a directory the project's own container setup mounts a volume on, relative to the
// working directory, and the file that says so.
type Volume struct {
	Dir, From string
}

// volumeSkips are directories a volume is mounted on for another reason than the program's
// data: development setups keep the image's dependencies from a bind mount of the source.
var volumeSkips = []string{"node_modules", "vendor", ".venv", "venv", ".git", "__pycache__"}

// ProjectVolumes are the volumes the project's compose files and Dockerfile mount below
// workdir (the image's working directory, "" or "/" for none): each once, the first file to
// name it saying so. A compose service's own `working_dir`, else the Dockerfile's last WORKDIR,
// stands for the image's when it has one. Read-only mounts, a compose file's anonymous volumes
// (the development trick that keeps node_modules), bind mounts of a directory the context holds
// (the source, mounted to develop) and files (a name with an extension) are not the program's
// data and are left out.
func ProjectVolumes(f Facts, workdir string) []Volume {
	if workdir == "" || workdir == "/" {
		return nil
	}
	var out []Volume
	add := func(base, target, from string) {
		if base == "" || base == "/" {
			base = workdir
		}
		rel, ok := strings.CutPrefix(path.Clean(target), path.Clean(base)+"/")
		if !ok || !volumeDir(rel) || slices.ContainsFunc(out, func(v Volume) bool { return v.Dir == rel }) {
			return
		}
		out = append(out, Volume{Dir: rel, From: from})
	}
	dockerWorkdir := ""
	for _, name := range dockerfiles {
		wd, vols := dockerfileVolumes(f[name])
		if wd == "" {
			continue
		}
		dockerWorkdir = wd
		for _, v := range vols {
			add(wd, v, name)
		}
		break
	}
	for _, name := range composeFiles {
		for _, m := range composeMounts(f[name]) {
			if m.readOnly || m.bind == "." || (m.bind != "" && f.HasDir(m.bind)) {
				continue
			}
			add(cmp.Or(m.workdir, dockerWorkdir), m.target, name)
		}
	}
	return out
}

// projectVolumes are the project's volumes (ProjectVolumes) as the runtime's: relative to the
// image's working directory, which is the spec's, the runtime's, else /app (which writable
// directories give an image whose base has none, Go's). A workspace package's image works in
// the package's directory, while the project's own image works at the root, which the volumes
// are below: theirs are then reached from the package's (`../../data/storage`).
func (t *Toolchain) projectVolumes(s *spec.Spec, f Facts) []Volume {
	workdir, pkg := cmp.Or(s.Workdir, t.Runtime.Workdir, AppDir), ""
	if b := t.Runtime.BuildDir; s.Workdir == "" && b != "" && b == t.Runtime.Workdir {
		if rel, ok := strings.CutPrefix(b, t.Workdir+"/"); ok {
			workdir, pkg = t.Workdir, rel
		}
	}
	vols := ProjectVolumes(f, workdir)
	for i := range vols {
		vols[i].Dir = relativeTo(pkg, vols[i].Dir)
	}
	return vols
}

// relativeTo is the path p, relative to the root, as reached from the directory dir below the
// root ("apps/api", "data/files" -> "../../data/files"; "src", "src/plugins" -> "plugins").
func relativeTo(dir, p string) string {
	for dir != "" {
		first, rest, _ := strings.Cut(dir, "/")
		pf, prest, ok := strings.Cut(p, "/")
		if !ok || pf != first {
			break
		}
		dir, p = rest, prest
	}
	if dir == "" {
		return p
	}
	return strings.Repeat("../", strings.Count(dir, "/")+1) + p
}

// ComposeProbes are the presence probes ProjectVolumes needs: the bind sources of the compose
// files read, relative to the context, whose presence makes them the project's own files; at
// most maxComposeProbes, and only names planning may ask for (a compose file never makes
// planning fail): a source with a variable, a pattern's characters or a backslash is not probed,
// and is taken for data.
func ComposeProbes(f Facts) []string {
	var out []string
	for _, name := range composeFiles {
		for _, m := range composeMounts(f[name]) {
			p := Probe(m.bind)
			if m.bind != "" && m.bind != "." && !strings.Contains(m.bind, "$") && CheckContextName(p) == nil &&
				!slices.Contains(out, p) && len(out) < maxComposeProbes {
				out = append(out, p)
			}
		}
	}
	return out
}

// maxComposeProbes bounds the compose files' probes, which count against MaxContextReads.
const maxComposeProbes = 16

// volumeDir reports a directory a volume may make writable: a plain relative path (not hidden),
// not one of volumeSkips, whose name has no extension (a file's).
func volumeDir(rel string) bool {
	if c, ok := ContextPath(rel); !ok || c != rel {
		return false
	}
	for _, e := range strings.Split(rel, "/") {
		if slices.Contains(volumeSkips, e) {
			return false
		}
	}
	return !strings.Contains(path.Base(rel), ".")
}

// dockerfileVolumes are the last stage's working directory ("" without a FROM) and VOLUMEs of
// a Dockerfile, absolute; a relative VOLUME is below the WORKDIR before it. A stage inherits
// the working directory of the stage it starts from. `${NAME}` and `$NAME` expand to the
// default of an ARG or the value of an ENV set before them (etherpad's `WORKDIR "${EP_DIR}"`,
// `FROM build_${BUILD_ENV}`); a path with any other variable is passed over.
func dockerfileVolumes(data []byte) (string, []string) {
	stageDirs, vars := map[string]string{}, map[string]string{}
	workdir, stage, from := "", "", false
	var vols []string
	for _, line := range dockerfileLines(data) {
		word, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		switch strings.ToUpper(word) {
		case "ARG", "ENV":
			name, value, ok := strings.Cut(rest, "=")
			if !ok && strings.EqualFold(word, "ENV") {
				name, value, ok = strings.Cut(rest, " ")
			}
			if v, known := expandVars(strings.TrimSpace(value), vars); ok && known && !strings.ContainsAny(name, " \t") {
				vars[name] = v
			}
		case "FROM":
			f := slices.DeleteFunc(strings.Fields(rest), func(w string) bool { return strings.HasPrefix(w, "--") })
			if len(f) == 0 {
				continue
			}
			base, _ := expandVars(f[0], vars)
			from, vols, stage = true, nil, ""
			workdir = cmp.Or(stageDirs[strings.ToLower(base)], "/")
			if len(f) == 3 && strings.EqualFold(f[1], "as") {
				stage = strings.ToLower(f[2])
			}
		case "WORKDIR":
			dir, known := expandVars(rest, vars)
			if dir == "" || !known {
				continue
			}
			workdir = path.Join(workdir, dir)
			if path.IsAbs(dir) {
				workdir = path.Clean(dir)
			}
		case "VOLUME":
			var list []string
			if json.Unmarshal([]byte(rest), &list) != nil {
				list = strings.Fields(rest)
			}
			for _, v := range list {
				if v, known := expandVars(v, vars); known && v != "" {
					if !path.IsAbs(v) {
						v = path.Join(workdir, v)
					}
					vols = append(vols, v)
				}
			}
		}
		if stage != "" {
			stageDirs[stage] = workdir
		}
	}
	if !from {
		return "", nil
	}
	return workdir, vols
}

// dockerVar is a variable of a Dockerfile's word: ${NAME}, ${NAME:-default} or $NAME.
var dockerVar = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// expandVars is a Dockerfile word, unquoted, with its variables replaced by vars; known is
// false when one has no value there (nor a default of its own).
func expandVars(word string, vars map[string]string) (string, bool) {
	if len(word) >= 2 && (word[0] == '"' || word[0] == '\'') && word[len(word)-1] == word[0] {
		word = word[1 : len(word)-1]
	}
	known := true
	out := dockerVar.ReplaceAllStringFunc(word, func(m string) string {
		sub := dockerVar.FindStringSubmatch(m)
		name := cmp.Or(sub[1], sub[3])
		if v, ok := vars[name]; ok && v != "" {
			return v
		}
		if strings.Contains(m, ":-") {
			return sub[2]
		}
		known = false
		return m
	})
	return out, known
}

// dockerfileLines are a Dockerfile's instructions, continuation lines joined, comments and
// blank lines left out.
func dockerfileLines(data []byte) []string {
	var out []string
	var cur strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if cur.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if body, ok := strings.CutSuffix(line, "\\"); ok {
			cur.WriteString(body + " ")
			continue
		}
		cur.WriteString(line)
		out = append(out, cur.String())
		cur.Reset()
	}
	return out
}

// composeMount is a volume a compose service mounts: its target, the service's working_dir,
// and for a bind mount of a directory of the project, that directory relative to the context.
type composeMount struct {
	target, workdir, bind string
	readOnly              bool
}

// composeMounts are the volumes of a compose file's services, short and long syntax, but
// anonymous ones; none for a file that is not one.
func composeMounts(data []byte) []composeMount {
	var c struct {
		Services map[string]struct {
			WorkingDir string      `yaml:"working_dir"`
			Volumes    []yaml.Node `yaml:"volumes"`
		} `yaml:"services"`
	}
	if len(data) == 0 || yaml.Unmarshal(data, &c) != nil {
		return nil
	}
	var out []composeMount
	for _, name := range slices.Sorted(maps.Keys(c.Services)) {
		svc := c.Services[name]
		for _, n := range svc.Volumes {
			var source string
			m := composeMount{workdir: svc.WorkingDir}
			switch n.Kind {
			case yaml.ScalarNode:
				parts := strings.Split(n.Value, ":")
				if len(parts) < 2 {
					continue // anonymous
				}
				source, m.target = parts[0], parts[1]
				m.readOnly = len(parts) > 2 && slices.Contains(strings.Split(parts[2], ","), "ro")
			case yaml.MappingNode:
				var l struct {
					Type     string `yaml:"type"`
					Source   string `yaml:"source"`
					Target   string `yaml:"target"`
					ReadOnly bool   `yaml:"read_only"`
				}
				if n.Decode(&l) != nil || (l.Type != "bind" && l.Type != "volume") || l.Source == "" {
					continue
				}
				source, m.target, m.readOnly = l.Source, l.Target, l.ReadOnly
			default:
				continue
			}
			if strings.HasPrefix(source, ".") {
				if rel, ok := RelPath(source); ok {
					m.bind = rel
				}
			}
			out = append(out, m)
		}
	}
	return out
}
