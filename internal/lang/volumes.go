package lang

import (
	"cmp"
	"maps"
	"path"
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
	// Written says From is how the program writes Dir (a provider's finding: "written by
	// logback.xml's FILE appender"), not a file that mounts a volume there.
	Written bool
}

// HasVolume says whether vols holds one on dir: each directory is planned once, the first
// finding saying why.
func HasVolume(vols []Volume, dir string) bool {
	return slices.ContainsFunc(vols, func(v Volume) bool { return v.Dir == dir })
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
		if !ok || !volumeDir(rel) || HasVolume(out, rel) {
			return
		}
		out = append(out, Volume{Dir: rel, From: from})
	}
	name, df := projectDockerfile(f)
	dockerWorkdir := df.workdir
	for _, v := range df.volumes {
		add(df.workdir, v, name)
	}
	for _, name := range composeFiles {
		for _, m := range composeMounts(f[name]) {
			if m.readOnly || m.bind == "." || (m.bind != "" && f.HasDir(m.bind)) {
				continue
			}
			base := cmp.Or(m.workdir, dockerWorkdir)
			if base == "" && !strings.HasPrefix(path.Clean(m.target), path.Clean(workdir)+"/") {
				if dir, ok := keptDir(f, m.target); ok { // the image's working directory is not known
					add(strings.TrimSuffix(path.Clean(m.target), "/"+dir), m.target, name)
					continue
				}
			}
			add(base, m.target, name)
		}
	}
	return out
}

// systemDirs are where a volume of the project's Dockerfile outside the working directory is not
// the program's data to make: the base image's own directories.
var systemDirs = []string{"/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32", "/proc",
	"/root", "/run", "/sbin", "/sys", "/tmp", "/usr", "/var/run", "/var/lock"}

// DataVolumes are the volumes the last stage of the project's Dockerfile declares at absolute
// paths outside appDir, the directory the image's program lives in (Radicale's `VOLUME
// /var/lib/radicale`, where it stores its collections; ArchiveBox's `/data`, its working
// directory): the program writes there, and a non-root user cannot make them. Left out: the
// system's directories (systemDirs), a path holding or inside one of keep (the image's own
// artifacts, the venv), a file (a name with an extension), and appDir itself or below it
// (ProjectVolumes' and the writable directories').
func DataVolumes(f Facts, appDir string, keep []string) []Volume {
	name, df := projectDockerfile(f)
	var out []Volume
	for _, v := range df.volumes {
		if !path.IsAbs(v) {
			continue
		}
		dir := path.Clean(v)
		within := func(d string) bool { return dir == d || strings.HasPrefix(dir, d+"/") || strings.HasPrefix(d, dir+"/") }
		if dir == "/" || within(appDir) || SystemDir(dir) ||
			slices.ContainsFunc(keep, within) || !volumeDir(strings.TrimPrefix(dir, "/")) ||
			HasVolume(out, dir) {
			continue
		}
		out = append(out, Volume{Dir: dir, From: name})
	}
	return out
}

// DataWorkdir is the one of vols (DataVolumes) that the project's own image works in, its
// Dockerfile's last WORKDIR (ArchiveBox's /data), "" for none.
func DataWorkdir(f Facts, vols []Volume) string {
	_, df := projectDockerfile(f)
	for _, v := range vols {
		if df.workdir != "" && v.Dir == path.Clean(df.workdir) {
			return v.Dir
		}
	}
	return ""
}

// A compose service whose working directory is known neither from its `working_dir` nor from a
// Dockerfile read (etherpad-lite's, which its .dockerignore leaves out of the context) mounts
// its volumes at paths of its own image (`/opt/etherpad-lite/var`). When the context holds the
// volume's directory as the project keeps an empty directory in git (`var/.gitignore`,
// `var/.gitkeep`: etherpad's var/ ignores its databases), that directory is the one mounted,
// below the image's working directory as the project lays it out.

// keptFiles are the files that keep an otherwise empty directory in git.
var keptFiles = []string{".gitkeep", ".gitignore"}

// keptDir is the last one or two elements of the volume's target that the context holds as a
// kept directory (keptFiles), the longer first.
func keptDir(f Facts, target string) (string, bool) {
	for _, d := range keptCandidates(target) {
		for _, k := range keptFiles {
			if f.Has(path.Join(d, k)) {
				return d, true
			}
		}
	}
	return "", false
}

// keptCandidates are the last two and the last element of an absolute target, as volumeDir
// accepts them.
func keptCandidates(target string) []string {
	t := path.Clean(target)
	if !path.IsAbs(t) || t == "/" {
		return nil
	}
	elems := strings.Split(strings.TrimPrefix(t, "/"), "/")
	var out []string
	for n := min(2, len(elems)-1); n >= 1; n-- {
		if d := path.Join(elems[len(elems)-n:]...); volumeDir(d) {
			out = append(out, d)
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
	var out, kept []string
	for _, name := range composeFiles {
		for _, m := range composeMounts(f[name]) {
			p := Probe(m.bind)
			if m.bind != "" && m.bind != "." && !strings.Contains(m.bind, "$") && CheckContextName(p) == nil &&
				!slices.Contains(out, p) && len(out) < maxComposeProbes {
				out = append(out, p)
			}
			if m.workdir != "" || m.readOnly || m.bind != "" || strings.HasPrefix(path.Clean(m.target), AppDir+"/") {
				continue // a working directory known, or the target below the default one
			}
			for _, d := range keptCandidates(m.target) { // for a service whose image's working directory is not known
				for _, k := range keptFiles {
					if n := path.Join(d, k); CheckContextName(n) == nil && !slices.Contains(kept, n) && len(kept) < maxComposeProbes {
						kept = append(kept, n)
					}
				}
			}
		}
	}
	return append(out, kept...)
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
