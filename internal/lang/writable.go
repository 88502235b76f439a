package lang

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// writableDir is a directory the program writes at run time, relative to the working
// directory, with the spec field that asks for it.
// from is the file whose volume it is (compose.yaml), or that makes it (made), "" for the others.
type writableDir struct {
	dir, field, from string
	made             bool
}

// writable are the directories the program writes: the framework's (Runtime.Writable), the
// spec's `writable` and the project's volumes (Runtime.Volumes), cleaned, each once; a directory inside another listed one is dropped, the
// outer one being the user's already.
func (r Runtime) writable(s *spec.Spec) []writableDir {
	var all []writableDir
	for _, d := range r.Writable {
		all = append(all, writableDir{path.Clean(d), FirstField(s, "language"), "", false})
	}
	for i, d := range s.Writable {
		all = append(all, writableDir{path.Clean(d), fmt.Sprintf("writable[%d]", i), "", false})
	}
	for _, v := range r.Volumes {
		all = append(all, writableDir{v.Dir, FirstField(s, "language"), v.From, false})
	}
	for _, v := range r.Made {
		all = append(all, writableDir{path.Clean(v.Dir), FirstField(s, "language"), v.From, true})
	}
	var out []writableDir
	for i, w := range all {
		covered := slices.ContainsFunc(all, func(o writableDir) bool { return strings.HasPrefix(w.dir, o.dir+"/") }) ||
			slices.ContainsFunc(all[:i], func(o writableDir) bool { return o.dir == w.dir })
		if !covered {
			out = append(out, w)
		}
	}
	return out
}

// writableSteps are the copies that give the program its writable directories: each copied
// from the builder's BuildDir with the runtime user as its owner, after the artifacts, which
// leave them out (a copy onto a directory that exists keeps that directory's owner).
func (r Runtime) writableSteps(s *spec.Spec, alias, workdir string) ([]plan.Step, error) {
	dirs := r.writable(s)
	if len(dirs) == 0 {
		return nil, nil
	}
	if r.BuildDir == "" {
		return nil, FieldError(s, "writable", "remove it: only a program's runtime writes", "this image has no program that writes at run time")
	}
	names := make([]string, len(dirs))
	for i, d := range dirs {
		names[i] = d.dir
	}
	owner, err := ownerOf(s, r.user(s, alias), r.user(&spec.Spec{}, alias), names)
	if err != nil {
		return nil, err
	}
	var out []plan.Step
	for _, d := range dirs {
		out = append(out, &plan.Copy{Origin: plan.Origin{Field: d.field}, FromStage: "builder",
			Paths: []string{path.Join(r.BuildDir, d.dir)}, Dest: path.Join(workdir, d.dir) + "/", Chown: owner})
	}
	return out, nil
}

// emptyWritable makes the EmptyWritable directories, owned by user when it is numeric, else
// writable by every user with the sticky bit (a name cannot be chowned to without the image's
// passwd, and these start empty, so nothing else is exposed).
func (r Runtime) emptyWritable(s *spec.Spec, user, workdir string) []plan.Step {
	var out []plan.Step
	o := plan.Origin{Field: FirstField(s, "user", "entrypoint", "language")}
	for _, d := range r.EmptyWritable {
		mk := &plan.Mkdir{Origin: o, Path: path.Join(workdir, d), Mode: 0o755, Chown: user}
		if !numericUser(user) {
			mk.Mode, mk.Chown = 0o1777, ""
		}
		out = append(out, mk)
	}
	return out
}

// dataDirs make the DataVolumes, empty: owned by a numeric user, writable by all with the
// sticky bit for a user given by name; none for root.
func (r Runtime) dataDirs(s *spec.Spec, user string) []plan.Step {
	if len(r.DataVolumes) == 0 || user == "root" || strings.HasPrefix(user, "root:") {
		return nil
	}
	var out []plan.Step
	for _, v := range r.DataVolumes {
		mk := &plan.Mkdir{Origin: plan.Origin{Field: FirstField(s, "user", "language")}, Path: v.Dir, Mode: 0o1777}
		if numericUser(user) {
			c := Cache{}.OwnedBy(user)
			if c.UID == 0 {
				return nil
			}
			mk.Mode, mk.Chown = 0o755, fmt.Sprintf("%d:%d", c.UID, c.GID)
		}
		out = append(out, mk)
	}
	return out
}

// describeVolumes names the volumes and the files that declare them: "/var/lib/radicale (a
// volume of Dockerfile)", or how the program writes one (Volume.Written).
func describeVolumes(vols []Volume) string {
	var parts []string
	for _, v := range vols {
		if v.Written {
			parts = append(parts, fmt.Sprintf("%s (%s)", v.Dir, v.From))
			continue
		}
		parts = append(parts, fmt.Sprintf("%s (a volume of %s)", v.Dir, v.From))
	}
	return strings.Join(parts, ", ")
}

// sharedDir makes dir root's with the group of user and mode 1775 (Runtime.SharedWorkdir), or
// 1777 when user is a name, whose group cannot be known; nil for root, who writes anywhere.
func sharedDir(s *spec.Spec, user, dir string) *plan.Mkdir {
	mk := &plan.Mkdir{Origin: plan.Origin{Field: FirstField(s, "user", "language")}, Path: dir, Mode: 0o1777}
	if !numericUser(user) {
		if user == "root" || strings.HasPrefix(user, "root:") {
			return nil
		}
		return mk
	}
	c := Cache{}.OwnedBy(user)
	if c.UID == 0 {
		return nil
	}
	mk.Mode, mk.Chown = 0o1775, fmt.Sprintf("0:%d", c.GID)
	return mk
}

// numericUser reports a user written as uid or uid:gid.
func numericUser(u string) bool {
	uid, gid, _ := strings.Cut(u, ":")
	_, err := strconv.Atoi(uid)
	if gid != "" {
		_, err2 := strconv.Atoi(gid)
		return err == nil && err2 == nil
	}
	return err == nil
}

// describeWritable says which directories the runtime user owns, and whose they are, for the
// runtime stage's description: ", who owns .tmp, public/uploads (Strapi's) and log, cache
// (volumes of compose.yaml) and data".
func (r Runtime) describeWritable(dirs []writableDir) string {
	var framework, spec, from, madeBy []string
	volumes := map[string][]string{} // by the file that mounts them, in from's order
	made := map[string][]string{}    // by how they are made, in madeBy's order
	for _, d := range dirs {
		switch {
		case strings.HasPrefix(d.field, "writable["):
			spec = append(spec, d.dir)
		case d.made:
			made[d.from] = append(made[d.from], d.dir)
			if len(made[d.from]) == 1 {
				madeBy = append(madeBy, d.from)
			}
		case d.from != "":
			volumes[d.from] = append(volumes[d.from], d.dir)
			if len(volumes[d.from]) == 1 {
				from = append(from, d.from)
			}
		default:
			framework = append(framework, d.dir)
		}
	}
	var parts []string
	if len(framework) > 0 {
		owner := ""
		switch name := r.WritableFrom; {
		case strings.HasSuffix(name, "s"):
			owner = " (" + name + "')"
		case name != "":
			owner = " (" + name + "'s)"
		}
		parts = append(parts, strings.Join(framework, ", ")+owner)
	}
	for _, f := range from {
		if v := volumes[f]; len(v) == 1 {
			parts = append(parts, fmt.Sprintf("%s (a volume of %s)", v[0], f))
		} else {
			parts = append(parts, fmt.Sprintf("%s (volumes of %s)", strings.Join(v, ", "), f))
		}
	}
	for _, by := range madeBy {
		parts = append(parts, fmt.Sprintf("%s (%s)", strings.Join(made[by], ", "), by))
	}
	if len(spec) > 0 {
		parts = append(parts, strings.Join(spec, ", "))
	}
	if len(parts) == 0 {
		return ""
	}
	return ", who owns " + strings.Join(parts, " and ")
}

// withoutWritable are the artifacts, the writable directories excluded from any that copies a
// directory's contents over one of them (its destination holds them); the others are returned
// as they are.
func withoutWritable(artifacts []*plan.Copy, dirs []writableDir, workdir string) []*plan.Copy {
	out := slices.Clone(artifacts)
	for i, a := range out {
		dest := path.Clean(a.Dest) // a directory when a writable one is below it, with or without a "/"
		if !path.IsAbs(dest) {
			dest = path.Join(workdir, dest)
		}
		if dest != "/" {
			dest += "/"
		}
		var exclude []string
		for _, d := range dirs {
			if rel, ok := strings.CutPrefix(path.Join(workdir, d.dir), dest); ok {
				exclude = append(exclude, rel)
			}
		}
		if len(exclude) > 0 {
			c := *a
			c.Exclude = slices.Concat(a.Exclude, exclude)
			out[i] = &c
		}
	}
	return out
}

// writableDirs are the writable directories the builder makes after the build, relative to
// its working directory: those none of Build.Dirs makes already, so that the runtime can copy
// each whether or not the context or the build has it.
func (t *Toolchain) writableDirs(s *spec.Spec) []string {
	rt := t.Runtime
	rt.BuildDir = t.buildDir()
	base := rt.BuildDir // relative to the working directory when below it, as mkdir runs there
	if rel, ok := strings.CutPrefix(base, t.Workdir+"/"); ok {
		base = rel
	} else if base == t.Workdir {
		base = ""
	}
	var dirs []string
	for _, w := range rt.writable(s) {
		if !slices.ContainsFunc(t.Build.Dirs, func(d string) bool { return d == w.dir || strings.HasPrefix(d, w.dir+"/") }) {
			dirs = append(dirs, path.Join(base, w.dir))
		}
	}
	return dirs
}

// mkdirs makes directories of the builder, relative to its working directory; none for none.
func mkdirs(field string, dirs []string) []plan.Step {
	if len(dirs) == 0 {
		return nil
	}
	return []plan.Step{&plan.Run{Origin: plan.Origin{Field: field}, Args: append([]string{"mkdir", "-p"}, dirs...), NoNetwork: true}}
}

// buildDir is the runtime's BuildDir, the toolchain's working directory unless it says otherwise.
func (t *Toolchain) buildDir() string {
	if t.Runtime.BuildDir != "" {
		return t.Runtime.BuildDir
	}
	return t.Workdir
}

// ownerOf is the "uid:gid" that owns the directories the program writes, dirs: the runtime
// user, which must then be numeric (the build cannot look names up); "" for root, who needs no
// chown. example is the user the error suggests, the runtime's default.
func ownerOf(s *spec.Spec, user, example string, dirs []string) (string, error) {
	if user == "root" {
		return "", nil
	}
	if !numericUser(user) {
		field := "user"
		if !s.Has(field) {
			field = FirstField(s, "writable", "language")
		}
		return "", FieldError(s, field, fmt.Sprintf("write the user as a number, e.g. %q", example),
			"the runtime user owns %s, which the program writes, so it must be a uid (and gid), not the name %q",
			strings.Join(dirs, ", "), user)
	}
	c := Cache{}.OwnedBy(user)
	if c.UID == 0 {
		return "", nil
	}
	return fmt.Sprintf("%d:%d", c.UID, c.GID), nil
}

// OwnedDir is d, a directory the program writes files into, as one the image must give the
// runtime user: relative to the working directory (AppDir) when below it ("." for the directory
// itself), else absolute; false for a path the user writes already (/tmp, home: its home as
// Runtime.Home gives it, "" for none known), a system one (/dev/stdout's), or not a path of this
// system (D:/logs). Java's log directories and the directories of the files a Python process's
// options name are given by it.
func OwnedDir(d, home string) (string, bool) {
	if d == "" || strings.ContainsAny(d, `:\$%`) {
		return "", false
	}
	abs := path.Clean(d)
	if !path.IsAbs(abs) {
		abs = path.Join(AppDir, abs)
	}
	if rel, ok := strings.CutPrefix(abs, AppDir+"/"); ok {
		return rel, true
	}
	if abs == AppDir {
		return ".", true
	}
	within := func(w string) bool { return w != "" && (abs == w || strings.HasPrefix(abs, w+"/")) }
	if abs == "/" || within(home) || slices.ContainsFunc(userDirs, within) {
		return "", false
	}
	return abs, true
}

// userDirs are where every runtime user writes already, or no directory is made.
var userDirs = []string{"/tmp", "/var/tmp", "/dev", "/proc", "/sys"}

// SystemDir reports an absolute directory that is the base image's own or below one
// (systemDirs: /etc, /usr, /run, /var/run...), which is not the program's to make.
func SystemDir(dir string) bool {
	return slices.ContainsFunc(systemDirs, func(d string) bool { return dir == d || strings.HasPrefix(dir, d+"/") })
}
