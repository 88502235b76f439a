package lang

import (
	"cmp"
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// Runtime is what a provider asks of the runtime stage.
type Runtime struct {
	// Aliases maps the runtime aliases (distroless, scratch, alpine, slim) to images; scratch maps to "".
	Aliases map[string]string
	// Default is the alias used when the spec has no `runtime`.
	Default string
	// Shells are the aliases whose image has /bin/sh (a string healthcheck needs one).
	Shells []string
	// AddUser are the aliases whose image lacks a non-root user; one is added without running
	// anything on the target platform.
	AddUser []string
	// Users overrides the default user for an alias (e.g. node images ship `node`, 1000).
	Users map[string]string
	// Homes are the homes of Users' users, for an alias whose image makes that home the user's
	// (node's /home/node); an alias left out has none known, and the user writes no home.
	Homes map[string]string
	// BuilderImage is a build-platform image with /bin/sh, used to write /etc/passwd.
	BuilderImage string
	// CAStage is a stage holding /etc/ssl/certs/ca-certificates.crt, copied into scratch images.
	CAStage string
	// Setup steps run on the base before the artifacts arrive (e.g. the spec's `packages`), so
	// a code change does not redo them. They run on the target platform: avoid them when you can.
	Setup []plan.Step
	// Packages are system packages the program needs at run time that its base lacks (a native
	// gem's shared library), named for the base's package manager. The skeleton installs them
	// with the spec's `packages`, in one step before Setup.
	Packages []string
	// PackagesFor says why Packages are installed (a Go program's `git`), for the stage's description.
	PackagesFor string
	// Artifacts are copied into the image (the program, its dependencies).
	Artifacts []*plan.Copy
	// Writable are the directories the program writes at run time, relative to Workdir (Laravel's
	// storage, Rails' tmp); the spec's `writable` adds to them. Each is copied from the builder's
	// BuildDir (the builder makes it first) owned by the runtime user, who must be numeric, and
	// the artifacts leave it out. Nothing else of the app is the user's.
	Writable []string
	// EmptyWritable are directories the program writes at run time that start empty, relative
	// to Workdir (Next.js's .next/cache, whose build-time content the artifacts leave out): made
	// after the other files, owned by the runtime user when it is numeric, else writable by
	// every user with the sticky bit, as /tmp is.
	EmptyWritable []string
	// SharedWorkdir says why the program creates files directly in its working directory
	// ("Django's SQLite file db.sqlite3", which BASE_DIR / "db.sqlite3" puts beside manage.py),
	// "" when it does not. The directory is then made before the artifacts arrive, root's with
	// the runtime user's group and mode 1775: the user adds files there (the database and the
	// journal beside it) but, the sticky bit set, can neither remove nor replace the
	// application's own files, which stay root's (a copy onto a directory that exists keeps its
	// owner and mode). A user written as a name gets 1777, as EmptyWritable's directories do.
	SharedWorkdir string
	// BuildDir is the builder's directory that holds what Workdir holds, where the writable
	// directories are copied from; the skeleton sets the toolchain's working directory when it
	// is "" (a workspace package's directory is below it). A runtime without one (a static
	// site's) refuses writable directories.
	BuildDir string
	// WritableFrom names who wants Writable (Strapi, Laravel), for the stage's description.
	WritableFrom string
	// Volumes are the directories the project's own compose file or Dockerfile mounts volumes
	// on (ProjectVolumes), writable as Writable is; the skeleton reads them.
	Volumes []Volume
	// DataVolumes are directories outside the working directory, absolute, where the project's
	// own image keeps the program's data (DataVolumes: its Dockerfile's VOLUME /var/lib/radicale),
	// and those a provider finds the program writes (Volume.Written; the skeleton adds the others):
	// made empty, owned by the runtime user (writable by all with the sticky bit for a user given
	// by name), after the artifacts; the skeleton reads them.
	DataVolumes []Volume
	// DataWorkdir is the one of DataVolumes the project's own image works in (DataWorkdir),
	// the image's working directory when nothing else names one.
	DataWorkdir string
	// Made are the directories the program's own sources make, or write files into, when it
	// starts, below Workdir (a Node.js server's `mkdirSync(join(process.cwd(), 'config'))`),
	// each with how and by which file as From ("made at start by src/utils/config.js"):
	// writable as Writable is, the stage's description saying From.
	Made []Volume
	// Steps run after the artifacts are in place (rarely needed).
	Steps []plan.Step
	// Files are context paths the program reads in the image (a Go server's
	// templates/), copied there as the spec's `files` are: a provider's defaults, copied before
	// the artifacts, so that a change of the program alone leaves their layers cached.
	Files []DefaultFile
	// ConfigFiles are the configuration files the program's code opens by default (Why: the
	// file and line that name it), read for a loopback listen address when the image's command
	// names none (listenconfig.go).
	ConfigFiles []ReadPath
	// Workdir is the default working directory ("" keeps the base's).
	Workdir string
	// HomeWorkdir makes the user's home the working directory where the runtime stage makes
	// that home (scratch, and AddUser's bases) and nothing else names one: the base's is /,
	// root's, while distroless :nonroot works in the user's home.
	HomeWorkdir bool
	Entrypoint  []string
	// Cmd is the image's command when the spec sets no `cmd`.
	Cmd []string
	// Title names the image (org.opencontainers.image.title).
	Title string
	Env   []plan.Env
}

// RuntimeImage returns the image the spec's runtime resolves to ("" for scratch) and its alias
// ("" when the spec names an image itself).
func (r Runtime) RuntimeImage(s *spec.Spec) (image, alias string) {
	name := s.Runtime
	if name == "" {
		name = r.Default
	}
	if img, ok := r.Aliases[name]; ok {
		return img, name
	}
	return name, ""
}

// Finish appends the runtime stages to p and gives p their image config: a provider's last step.
func (r Runtime) Finish(s *spec.Spec, p *plan.Plan) (*plan.Plan, error) {
	stages, img, err := r.Stages(s)
	if err != nil {
		return nil, err
	}
	p.Stages = append(p.Stages, stages...)
	p.Image = img
	return p, nil
}

// Stages returns the runtime stage, with any internal helper stages before it, and the image config.
func (r Runtime) Stages(s *spec.Spec) ([]*plan.Stage, plan.Image, error) {
	image, alias := r.RuntimeImage(s)
	field := FirstField(s, "runtime", "language")
	user := r.user(s, alias)
	dirs := r.writable(s)
	rt := &plan.Stage{
		Name:        "runtime",
		Description: fmt.Sprintf("the image: %s on %s, as user %s%s", r.Title, runtimeName(image), user, r.describeWritable(dirs)),
		Base:        plan.Base{Image: image},
		Field:       field,
	}
	var stages []*plan.Stage
	home := r.madeHome(image, alias, user) // the user's home when this stage makes it
	switch {
	case image == "":
		rt.Steps = append(rt.Steps, scratchUserSteps(r.CAStage, field)...)
	case home != "":
		base := &plan.Stage{Name: "runtime-base", Internal: true, Base: plan.Base{Image: image}, Field: field,
			Description: "the runtime base image"}
		stages = append(stages, base, passwdStage(r.BuilderImage, field))
		rt.Base = plan.Base{Stage: base.Name}
		rt.Steps = append(rt.Steps,
			&plan.Copy{Origin: plan.Origin{Field: field}, FromStage: "runtime-user", Paths: []string{"/out/etc/"}, Dest: "/etc/"},
			&plan.Mkdir{Origin: plan.Origin{Field: field}, Path: nonRootHome, Mode: 0o750, Chown: NonRoot})
	}
	rt.Steps = append(rt.Steps, r.Setup...)
	workdir := r.Workdir
	if s.Workdir != "" {
		workdir = s.Workdir
	}
	if workdir == "" {
		// a data volume the project's own image works in (ArchiveBox's WORKDIR and VOLUME
		// /data): its program keeps its data in its working directory
		if r.DataWorkdir != "" && r.dataDirs(s, user) != nil {
			workdir = r.DataWorkdir
		}
	}
	if (len(s.Files) > 0 || len(r.Files) > 0 || len(dirs) > 0) && workdir == "" {
		workdir = AppDir
	}
	usersOwn := false // the working directory is the runtime user's own (below)
	if workdir == "" && r.HomeWorkdir {
		// the base's is / (scratch, alpine, slim), root's: the home made above is the user's, and
		// the working directory distroless :nonroot gives, so a program writing its data into its
		// working directory (navidrome's datafolder ".", homebox's ./.data) can, with no new layer
		workdir, usersOwn = home, home != ""
		if home == "" && !isNonRoot(user) && !isRoot(user) {
			// another user (`user: 1000`) owns neither distroless's /home/nonroot (0700,
			// 65532's) nor the other bases' /: it works in AppDir, made its own
			workdir, usersOwn = AppDir, true
			rt.Steps = append(rt.Steps, ownWorkdir(s, user, workdir))
		}
	}
	if workdir != "" && HasVolume(r.DataVolumes, workdir) && r.dataDirs(s, user) != nil {
		// a data volume made the runtime user's (below): the program writes there already
		// (zoraxy's sys.db in its /opt/zoraxy/config)
		usersOwn = true
	}
	var shared *plan.Mkdir
	if mk := sharedDir(s, user, workdir); r.SharedWorkdir != "" && workdir != "" && !usersOwn && mk != nil {
		shared = mk
		rt.Description += fmt.Sprintf("; %s takes new files from the runtime user (%s), its own files staying root's", workdir, r.SharedWorkdir)
	}
	artifacts := withoutWritable(r.Artifacts, dirs, workdir)
	if shared != nil && !copiesAbove(artifacts, workdir) {
		rt.Steps, shared = append(rt.Steps, shared), nil
	}
	// the default files before the program: a change of its code alone leaves their layers cached
	rt.Steps = append(rt.Steps, defaultCopies(r.Files, workdir)...)
	for _, a := range artifacts {
		rt.Steps = append(rt.Steps, a)
	}
	if shared != nil { // after the copy of a directory above it, which gives it the source's owner and mode
		rt.Steps = append(rt.Steps, shared)
	}
	writable, err := r.writableSteps(s, alias, workdir)
	if err != nil {
		return nil, plan.Image{}, err
	}
	rt.Steps = append(rt.Steps, writable...)
	rt.Steps = append(rt.Steps, fileCopies(s, workdir)...)
	rt.Steps = append(rt.Steps, r.emptyWritable(s, user, workdir)...)
	if data := r.dataDirs(s, user); len(data) > 0 {
		rt.Steps = append(rt.Steps, data...)
		rt.Description += "; makes " + describeVolumes(r.DataVolumes) + " the runtime user's"
	}
	if len(r.Packages) > 0 && r.PackagesFor != "" {
		rt.Description += "; installs " + strings.Join(r.Packages, ", ") + ": " + r.PackagesFor
	}
	if len(r.Files) > 0 {
		rt.Description += "; " + describeDefaults(r.Files, workdir)
	}
	rt.Steps = append(rt.Steps, r.Steps...)
	rt.Workdir = workdir

	img, err := r.config(s, image, alias, user, workdir)
	return append(stages, rt), img, err
}

func (r Runtime) config(s *spec.Spec, image, alias, user, workdir string) (plan.Image, error) {
	img := plan.Image{Entrypoint: r.Entrypoint, Cmd: r.Cmd, User: user, Workdir: workdir, Env: append([]plan.Env(nil), r.Env...)}
	if image != "" && (alias == "" || slices.Contains(r.Shells, alias)) { // an image of the user's is taken to have one, as for healthchecks
		img.Shell = "/bin/sh"
	}
	if s.Cmd != nil {
		img.Cmd = *s.Cmd
	}
	for _, kv := range s.Env {
		img.Env = append(img.Env, plan.Env{Key: kv.Key, Value: kv.Value})
	}
	for _, p := range s.Ports {
		img.Ports = append(img.Ports, p.String())
	}
	if r.Title != "" {
		img.Labels = append(img.Labels, plan.Env{Key: "org.opencontainers.image.title", Value: r.Title})
	}
	if image != "" {
		img.Labels = append(img.Labels, plan.Env{Key: "org.opencontainers.image.base.name", Value: image})
	}
	for _, kv := range s.Labels {
		img.Labels = append(img.Labels, plan.Env{Key: kv.Key, Value: kv.Value})
	}
	if h := s.Healthcheck; h != nil {
		hc := &plan.Healthcheck{Interval: int64(h.Interval.Duration), Timeout: int64(h.Timeout.Duration),
			StartPeriod: int64(h.StartPeriod.Duration), Retries: h.Retries}
		if h.Test.Exec != nil {
			hc.Test = append([]string{"CMD"}, h.Test.Exec...)
		} else {
			if alias != "" && !slices.Contains(r.Shells, alias) {
				return img, FieldError(s, "healthcheck.test", "write the probe as a list, e.g. [\"/app/server\", \"-health\"]",
					"the %s runtime has no shell to run a string healthcheck", alias)
			}
			hc.Test = []string{"CMD-SHELL", h.Test.Shell}
		}
		img.Healthcheck = hc
	}
	return img, nil
}

// fileCopies copies the spec's files into the image, root-owned so the program cannot change them.
func fileCopies(s *spec.Spec, workdir string) []plan.Step {
	var out []plan.Step
	for i, f := range s.Files {
		out = append(out, fileCopy(f, workdir, fmt.Sprintf("files[%d]", i)))
	}
	return out
}

func fileCopy(f spec.FileCopy, workdir, field string) *plan.Copy {
	src := path.Clean(f.Src)
	dest := f.Dest
	switch {
	case dest != "" && !path.IsAbs(dest):
		dest = path.Join(workdir, dest)
	case dest == "" && strings.ContainsAny(src, "*?["):
		dest = path.Join(workdir, path.Dir(src)) + "/"
	case dest == "":
		dest = path.Join(workdir, src)
	}
	return &plan.Copy{Origin: plan.Origin{Field: field}, Paths: []string{src}, Dest: dest}
}

// DefaultFile is a context path a provider copies into the working directory by default, as a
// `files` entry would, and why: the progress and the runtime's description say it.
type DefaultFile struct {
	// Path is a clean relative path of the context, a file or a directory, never "." nor above it.
	Path string
	// Dest is where it goes below the working directory; "" is Path (a workspace package's
	// packages/api/public goes to public/ of the package's directory).
	Dest string
	// Why says what reads it ("main.go:12 template.ParseGlob").
	Why string
	// Field is the spec field the copy points at.
	Field string
}

// defaultCopies copies a provider's default files to the same path (or Dest) under workdir, root-owned
// as the spec's files are, from the context: a change of the program alone leaves them cached.
func defaultCopies(files []DefaultFile, workdir string) []plan.Step {
	var out []plan.Step
	for _, f := range files {
		cp := fileCopy(spec.FileCopy{Src: f.Path, Dest: f.Dest}, workdir, f.Field)
		cp.Display = f.Path + " (" + f.Why + ")"
		out = append(out, cp)
	}
	return out
}

// describeDefaults names the default files for the runtime's description.
func describeDefaults(files []DefaultFile, workdir string) string {
	var names []string
	for _, f := range files {
		names = append(names, cmp.Or(f.Dest, f.Path)+" ("+f.Why+")")
	}
	return "copied into " + workdir + ", where the program reads them: " + strings.Join(names, ", ")
}

func runtimeName(image string) string {
	if image == "" {
		return "scratch"
	}
	return image
}

// PortEnv sets PORT, which many servers and platforms listen on (Node.js frameworks, Bun,
// gunicorn, puma, a Heroku-style Procfile), to the spec's first TCP port, unless the spec's env
// sets it or the spec has no TCP port.
func PortEnv(s *spec.Spec) []plan.Env {
	if _, ok := s.Env.Get("PORT"); ok {
		return nil
	}
	if port, ok := FirstTCPPort(s); ok {
		return []plan.Env{{Key: "PORT", Value: strconv.Itoa(port)}}
	}
	return nil
}

// FirstTCPPort is the spec's first TCP port, the one a server of the image listens on; false
// when the spec has none.
func FirstTCPPort(s *spec.Spec) (int, bool) {
	for _, p := range s.Ports {
		if p.Protocol == "tcp" {
			return p.Number, true
		}
	}
	return 0, false
}

// npmName is a package name as npm allows it (characters, length): plain enough for a label.
var npmName = regexp.MustCompile(`^[A-Za-z0-9@/._-]{1,214}$`)

// PackageTitle names the image after its package.json's name, when that is a plain npm name, and
// "app" otherwise.
func PackageTitle(name string) string {
	if npmName.MatchString(name) {
		return name
	}
	return "app"
}

// copiesAbove reports an artifact copied into a directory above dir (a Deno workspace's /app,
// whose member runs in /app/api): the copy gives dir, a directory of its source, the source's
// owner and mode, so a directory made for the runtime user is made after it. A copy into dir
// itself keeps the owner and mode of dir (Runtime.SharedWorkdir).
func copiesAbove(artifacts []*plan.Copy, dir string) bool {
	return slices.ContainsFunc(artifacts, func(a *plan.Copy) bool {
		dest := path.Clean(a.Dest)
		return path.IsAbs(dest) && dest != dir && strings.HasPrefix(dir, strings.TrimSuffix(dest, "/")+"/")
	})
}
