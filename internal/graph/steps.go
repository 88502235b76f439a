package graph

import (
	"fmt"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/moby/buildkit/client/llb"
	"github.com/org/multistage-frontend/internal/plan"
)

// FieldError is an error caused by a spec field (a base image that cannot be resolved, say);
// the frontend turns it into an error that shows the spec line.
type FieldError struct {
	Field string
	Err   error
}

func (e *FieldError) Error() string { return e.Err.Error() }
func (e *FieldError) Unwrap() error { return e.Err }

func (c *converter) located(field string, err error) error {
	return &FieldError{Field: field, Err: err}
}

func (c *converter) step(st llb.State, s *plan.Stage, step plan.Step, prefix string) (llb.State, error) {
	switch v := step.(type) {
	case *plan.Copy:
		return c.copy(st, s, v, prefix)
	case *plan.Run:
		if v.Exists != "" {
			return c.exists(st, s, v, prefix), nil
		}
		return c.run(st, s, v, prefix)
	case *checkedRun:
		return c.run(st, s, v.Run, prefix, v.checks...)
	case *plan.Mkdir:
		return c.mkdir(st, s, v, prefix)
	case *plan.WriteFile:
		var fa *llb.FileAction
		epoch := c.epoch(s)
		for _, f := range v.Files {
			owner, err := chown(f.Chown)
			if err != nil {
				return st, err
			}
			fileOpts := mkfileOpts(owner)
			dirOpts := []llb.MkdirOption{llb.WithParents(true)}
			if epoch != nil {
				fileOpts = append(fileOpts, llb.WithCreatedTime(*epoch))
				dirOpts = append(dirOpts, llb.WithCreatedTime(*epoch))
			}
			if fa == nil {
				fa = llb.Mkdir(path.Dir(f.Path), 0o755, dirOpts...)
			} else {
				fa = fa.Mkdir(path.Dir(f.Path), 0o755, dirOpts...)
			}
			fa = fa.Mkfile(f.Path, os.FileMode(f.Mode), []byte(f.Data), fileOpts...)
		}
		return st.File(fa, c.constraints(s, prefix+"WRITE "+v.Display, v.Field)...), nil
	}
	return st, fmt.Errorf("graph: unknown step %T", step)
}

// mkdir creates a directory with its mode and owner. Missing parents are made root-owned 0755
// first (BuildKit's MakeParents would give them the directory's own mode and owner), and a mode
// with the sticky, setuid or setgid bit, which LLB's mkdir drops, is applied by copying an empty
// directory with that mode into place.
func (c *converter) mkdir(st llb.State, s *plan.Stage, v *plan.Mkdir, prefix string) (llb.State, error) {
	owner, err := chown(v.Chown)
	if err != nil {
		return st, err
	}
	var created []llb.MkdirOption
	epoch := c.epoch(s)
	if epoch != nil {
		created = append(created, llb.WithCreatedTime(*epoch))
	}
	fa := llb.Mkdir(path.Dir(v.Path), 0o755, append([]llb.MkdirOption{llb.WithParents(true)}, created...)...)
	if special := modeBits(v.Mode); special != 0 {
		// the empty directory is copied as the content of its parent: a copy keeps the owner and
		// mode of its destination when it exists, and gives them to what it copies below it, so
		// the directory gets them also when the artifacts made it first (a workspace member's,
		// inside a copied /app: lang.Runtime.SharedWorkdir)
		empty := llb.Scratch().File(llb.Mkdir("/dir/"+path.Base(v.Path), 0o755, append([]llb.MkdirOption{llb.WithParents(true)}, created...)...),
			llb.WithCustomName("[internal] empty directory"))
		// the copy's mode travels as Unix bits (0o1777), not Go's os.ModeSticky
		info := &llb.CopyInfo{Mode: &llb.ChmodOpt{Mode: os.FileMode(v.Mode & 0o7777)}, CreatedTime: epoch, CopyDirContentsOnly: true}
		opts := []llb.CopyOption{info}
		for _, o := range owner {
			opts = append(opts, o)
		}
		fa = fa.Copy(empty, "/dir", path.Dir(v.Path), opts...)
	} else {
		fa = fa.Mkdir(v.Path, os.FileMode(v.Mode&0o777), append(append(mkdirOpts(owner), llb.WithParents(true)), created...)...)
	}
	return st.File(fa, c.constraints(s, prefix+"RUN mkdir -p "+v.Path, v.Field)...), nil
}

// modeBits carries setuid/setgid/sticky from a Unix mode into Go's FileMode.
func modeBits(m uint32) os.FileMode {
	var out os.FileMode
	if m&0o1000 != 0 {
		out |= os.ModeSticky
	}
	if m&0o2000 != 0 {
		out |= os.ModeSetgid
	}
	if m&0o4000 != 0 {
		out |= os.ModeSetuid
	}
	return out
}

func (c *converter) copy(st llb.State, s *plan.Stage, cp *plan.Copy, prefix string) (llb.State, error) {
	src := c.opt.Context
	from := ""
	if cp.FromStage != "" {
		src = c.states[cp.FromStage]
		from = "--from=" + cp.FromStage + " "
	} else if c.depFilesOnly(cp) {
		src = *c.opt.DepContext
	}
	// relative destinations are relative to the working directory the stage has inherited
	dir, err := st.GetDir(c.ctx)
	if err != nil {
		return st, err
	}
	if dir == "" {
		dir = "/"
	}
	dest := cp.Dest
	isDir := strings.HasSuffix(dest, "/") || dest == "." || len(cp.Paths) > 1
	if !path.IsAbs(dest) {
		dest = path.Join(dir, dest)
	}
	if isDir && !strings.HasSuffix(dest, "/") {
		dest += "/"
	}
	owner, err := chown(cp.Chown)
	if err != nil {
		return st, err
	}
	var fa *llb.FileAction
	for _, p := range cp.Paths {
		info := &llb.CopyInfo{
			CopyDirContentsOnly: true,
			FollowSymlinks:      true,
			AllowWildcard:       true,
			CreateDestPath:      true,
			ExcludePatterns:     cp.Exclude,
			IncludePatterns:     cp.Include,
			CreatedTime:         c.epoch(s),
		}
		opts := []llb.CopyOption{info}
		for _, o := range owner {
			opts = append(opts, o)
		}
		if fa == nil {
			fa = llb.Copy(src, p, dest, opts...)
		} else {
			fa = fa.Copy(src, p, dest, opts...)
		}
	}
	if fa == nil {
		return st, fmt.Errorf("graph: copy without sources in stage %s", s.Name)
	}
	chownText := ""
	if cp.Chown != "" {
		chownText = "--chown=" + cp.Chown + " "
	}
	sources := strings.Join(cp.Paths, " ")
	if cp.Display != "" {
		sources = cp.Display
	}
	name := prefix + "COPY " + from + chownText + sources + " " + cp.Dest
	return st.File(fa, c.constraints(s, name, cp.Field)...), nil
}

// depFilesOnly reports a copy of dependency files only (exact names, no patterns), which the
// restricted context holds: its sources, or the files its include patterns name below its
// source, the context's root or a directory of it (a workspace's manifests, COPY --parents).
func (c *converter) depFilesOnly(cp *plan.Copy) bool {
	paths := cp.Paths
	if len(cp.Include) > 0 { // below one directory of the context: web/ holding a workspace
		if len(paths) != 1 || path.IsAbs(paths[0]) {
			return false
		}
		paths = nil
		for _, inc := range cp.Include {
			paths = append(paths, path.Join(cp.Paths[0], inc))
		}
	}
	if c.opt.DepContext == nil || len(paths) == 0 {
		return false
	}
	for _, p := range paths {
		if !slices.Contains(c.opt.DepFiles, path.Clean(p)) {
			return false
		}
	}
	return true
}

// run is a RUN step, with the checks folded into it (checkedRun).
func (c *converter) run(st llb.State, s *plan.Stage, r *plan.Run, prefix string, checks ...*plan.Run) (llb.State, error) {
	args := r.Args
	if args == nil {
		args = []string{"/bin/sh", "-c", r.Shell}
	}
	if r.ExpandArgs {
		if r.Args == nil || (len(r.Args) > 1 && r.Args[1] == "-c") {
			return st, fmt.Errorf("graph: step %q expands its arguments but runs a shell script", display(r))
		}
		args = slices.Clone(args)
		for i, a := range args {
			args[i] = c.expand(a)
		}
	}
	fields := []string{r.Field}
	if len(checks) > 0 {
		args = foldedArgs(args, checks)
		for _, ck := range checks {
			fields = append(fields, ck.Field)
		}
	}
	opts := []llb.RunOption{llb.Args(args)}
	display := display(r)
	for _, co := range c.constraints(s, prefix+"RUN "+display, fields...) {
		opts = append(opts, co)
	}
	for _, e := range r.Env {
		opts = append(opts, llb.AddEnv(e.Key, c.expand(e.Value)))
	}
	for _, name := range r.UseArgs {
		if v, ok := c.vars[name]; ok {
			opts = append(opts, llb.AddEnv(name, v))
		}
	}
	if p := c.proxy(); p != nil {
		opts = append(opts, llb.WithProxy(*p))
	}
	opts = append(opts, c.runOptions(r.NoNetwork)...)
	for _, m := range r.Mounts {
		o, err := c.mount(m)
		if err != nil {
			return st, err
		}
		opts = append(opts, o...)
	}
	return st.Run(opts...).Root(), nil
}

// display is a step's text in progress: its Display, else its command.
func display(r *plan.Run) string {
	switch {
	case r.Display != "":
		return r.Display
	case r.Args == nil:
		return "/bin/sh -c " + r.Shell
	}
	return strings.Join(r.Args, " ")
}

func (c *converter) mount(m plan.Mount) ([]llb.RunOption, error) {
	switch m.Type {
	case plan.MountCache:
		var sharing llb.CacheMountSharingMode
		switch m.Sharing {
		case plan.SharingShared:
			sharing = llb.CacheMountShared
		case plan.SharingPrivate:
			sharing = llb.CacheMountPrivate
		case plan.SharingLocked:
			sharing = llb.CacheMountLocked
		default:
			return nil, fmt.Errorf("graph: cache mount %s: unknown sharing mode %q", m.Target, m.Sharing)
		}
		// the id as the Dockerfile frontend writes it, BUILDKIT_CACHE_MOUNT_NS + "/" + id even when
		// the namespace is empty: a spec build and its ejected Dockerfile (or a hand-written one
		// with the same ids) then share their caches on one builder
		id := c.opt.CacheNS + "/" + c.expand(m.ID) // a cache of one platform's files names it: ${BUILDPLATFORM}
		if m.FromStage != "" && !c.leftOut(m.FromStage) {
			return c.seededCache(m, id, sharing)
		}
		if m.FromStage != "" { // seeded from a recipe this build leaves out: a plain cache
			m.FromStage, m.Source = "", ""
		}
		if m.Source != "" {
			return nil, fmt.Errorf("graph: cache mount %s: a source needs the stage it is in", m.Target)
		}
		base := llb.Scratch()
		if m.UID != 0 || m.GID != 0 {
			base = base.File(llb.Mkdir("/cache", 0o755, llb.WithUIDGID(m.UID, m.GID)), llb.WithCustomName("[internal] cache mount owner"))
			return []llb.RunOption{llb.AddMount(m.Target, base, llb.SourcePath("/cache"), llb.AsPersistentCacheDir(id, sharing))}, nil
		}
		return []llb.RunOption{llb.AddMount(m.Target, base, llb.AsPersistentCacheDir(id, sharing))}, nil
	case plan.MountSecret:
		var so []llb.SecretOption
		if !m.Required {
			so = append(so, llb.SecretOptional)
		}
		if m.Env != "" {
			return []llb.RunOption{llb.AddSecretWithDest(m.ID, nil, append(so, llb.SecretAsEnvName(m.Env))...)}, nil
		}
		return []llb.RunOption{llb.AddSecret(m.Target, append(so, llb.SecretID(m.ID))...)}, nil
	case plan.MountSSH:
		// without a target, LLB numbers the sockets /run/buildkit/ssh_agent.N in mount order and
		// points SSH_AUTH_SOCK at the first, as the Dockerfile frontend's RUN --mount=type=ssh does
		so := []llb.SSHOption{llb.SSHID(m.ID)}
		if m.Target != "" {
			so = append(so, llb.SSHSocketTarget(m.Target))
		}
		if !m.Required {
			so = append(so, llb.SSHOptional)
		}
		return []llb.RunOption{llb.AddSSHSocket(so...)}, nil
	case plan.MountBind:
		src := c.opt.Context
		if m.FromStage != "" {
			src = c.states[m.FromStage]
		}
		return []llb.RunOption{llb.AddMount(m.Target, src, llb.SourcePath(orRoot(m.Source)), llb.Readonly)}, nil
	case plan.MountTmpfs:
		return []llb.RunOption{llb.AddMount(m.Target, llb.Scratch(), llb.Tmpfs())}, nil
	}
	return nil, fmt.Errorf("graph: unknown mount type %q", m.Type)
}

// leftOut reports a Recipe stage this build does not build (see Options.Recipes).
func (c *converter) leftOut(stage string) bool {
	s := c.plan.Stage(stage)
	return s != nil && s.Recipe && !c.opt.Recipes
}

// seededCache is a cache mount that starts as a copy of Source in the stage FromStage, as
// `RUN --mount=type=cache,from=stage,source=path` does: BuildKit keys the cache by its id and the
// seed's snapshot, so each new seed (the dependencies changed) starts a cache of its own from
// it, and a warm builder keeps adding to the cache of the seed it has. The seed's files keep
// their owners, so the mount takes no uid or gid (the Dockerfile frontend ignores them there).
func (c *converter) seededCache(m plan.Mount, id string, sharing llb.CacheMountSharingMode) ([]llb.RunOption, error) {
	if m.UID != 0 || m.GID != 0 {
		return nil, fmt.Errorf("graph: cache mount %s seeded from %s: the seed's files keep their owners, the mount takes no uid or gid", m.Target, m.FromStage)
	}
	mo := []llb.MountOption{llb.AsPersistentCacheDir(id, sharing)}
	if src := path.Join("/", m.Source); src != "/" { // as the Dockerfile frontend writes it
		mo = append(mo, llb.SourcePath(src))
	}
	return []llb.RunOption{llb.AddMount(m.Target, c.states[m.FromStage], mo...)}, nil
}

func orRoot(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// proxy passes the standard proxy build args to RUN steps without making them part of the
// cache key or the image, as the Dockerfile frontend does.
func (c *converter) proxy() *llb.ProxyEnv {
	get := func(k string) string {
		if v, ok := c.opt.BuildArgs[k]; ok {
			return v
		}
		return c.opt.BuildArgs[strings.ToLower(k)]
	}
	p := llb.ProxyEnv{HTTPProxy: get("HTTP_PROXY"), HTTPSProxy: get("HTTPS_PROXY"), FTPProxy: get("FTP_PROXY"),
		NoProxy: get("NO_PROXY"), AllProxy: get("ALL_PROXY")}
	if p == (llb.ProxyEnv{}) {
		return nil
	}
	return &p
}

// chown turns "uid:gid" into a chown option.
func chown(s string) ([]llb.ChownOption, error) {
	if s == "" {
		return nil, nil
	}
	u, g, _ := strings.Cut(s, ":")
	uid, err1 := strconv.Atoi(u)
	gid, err2 := strconv.Atoi(g)
	if g == "" {
		gid, err2 = uid, nil
	}
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("graph: owner %q is not uid:gid", s)
	}
	return []llb.ChownOption{llb.WithUIDGID(uid, gid)}, nil
}

func mkdirOpts(in []llb.ChownOption) []llb.MkdirOption {
	out := make([]llb.MkdirOption, len(in))
	for i, o := range in {
		out[i] = o
	}
	return out
}

func mkfileOpts(in []llb.ChownOption) []llb.MkfileOption {
	out := make([]llb.MkfileOption, len(in))
	for i, o := range in {
		out[i] = o
	}
	return out
}
