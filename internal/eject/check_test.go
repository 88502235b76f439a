package eject

import (
	"fmt"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"github.com/org/multistage-frontend/internal/plan"
)

// checker reads an ejected Dockerfile's stages back, as BuildKit's instruction parser gives them,
// and compares each with its plan stage.
type checker struct {
	t    *testing.T
	name string
	p    *plan.Plan
	meta []instructions.ArgCommand
	// env is what ARGs and ENVs a stage's instructions see (platform ARGs as for linux/arm64).
	env map[string]string
}

func (c *checker) errorf(format string, args ...any) {
	c.t.Helper()
	c.t.Errorf(c.name+": "+format, args...)
}

func (c *checker) check(stages []instructions.Stage) {
	byName := map[string]*instructions.Stage{}
	for i := range stages {
		byName[stages[i].Name] = &stages[i]
	}
	for _, s := range c.p.Stages {
		ds := byName[s.Name]
		if ds == nil {
			c.errorf("no stage %s", s.Name)
			continue
		}
		c.stage(s, ds)
	}
	last := stages[len(stages)-1]
	if last.Name != c.p.Default && last.BaseName != c.p.Default {
		c.errorf("the last stage is %s, not the default %s", last.Name, c.p.Default)
	}
	if len(c.meta) != len(c.p.Args) {
		c.errorf("%d global ARGs for %d plan args", len(c.meta), len(c.p.Args))
	}
}

var (
	lex      = shell.NewLex('\\')
	platform = map[string]string{"TARGETPLATFORM": "linux/arm64", "TARGETOS": "linux", "TARGETARCH": "arm64",
		"TARGETVARIANT": "", "BUILDPLATFORM": "linux/amd64", "BUILDOS": "linux", "BUILDARCH": "amd64", "BUILDVARIANT": ""}
)

// word is what BuildKit makes of a word of an expanding instruction in the current stage.
func (c *checker) word(w string) string {
	var env []string
	for k, v := range c.env {
		env = append(env, k+"="+v)
	}
	slices.Sort(env)
	out, _, err := lex.ProcessWord(w, shell.EnvsFromSlice(env))
	if err != nil {
		c.errorf("%q: %v", w, err)
	}
	return out
}

// planValue is what the graph makes of a plan value: ${NAME} for platforms and args.
func (c *checker) planValue(v string) string {
	vars := map[string]string{}
	for k, val := range platform {
		vars[k] = val
	}
	for _, a := range c.p.Args {
		if a.HasDefault {
			vars[a.Name] = a.Default
		}
	}
	return expect(v, vars)
}

func (c *checker) declare(a *instructions.ArgCommand) {
	for _, kv := range a.Args {
		switch {
		case kv.Value != nil:
			c.errorf("a stage ARG sets a value: %s", kv.String())
		case platform[kv.Key] != "" || kv.Key == "TARGETVARIANT" || kv.Key == "BUILDVARIANT":
			c.env[kv.Key] = platform[kv.Key]
		default:
			for _, m := range c.meta {
				if m.Args[0].Key == kv.Key && m.Args[0].Value != nil {
					c.env[kv.Key] = c.word(*m.Args[0].Value)
				}
			}
			if _, ok := c.env[kv.Key]; !ok && !slices.ContainsFunc(c.p.Args, func(a plan.Arg) bool { return a.Name == kv.Key }) {
				c.errorf("ARG %s is no plan arg", kv.Key)
			}
		}
	}
}

func (c *checker) stage(s *plan.Stage, ds *instructions.Stage) {
	c.env = map[string]string{}
	want := "scratch"
	if s.Base.Stage != "" {
		want = s.Base.Stage
	} else if s.Base.Image != "" {
		want = s.Base.Image
	}
	if ds.BaseName != want {
		c.errorf("stage %s FROM %s, want %s", s.Name, ds.BaseName, want)
	}
	if wantP := map[bool]string{true: "$BUILDPLATFORM"}[s.BuildPlatform && s.Base.Stage == ""]; ds.Platform != wantP {
		c.errorf("stage %s platform %q, want %q", s.Name, ds.Platform, wantP)
	}
	if d := oneLine(s.Description); d != "" && ds.DocComment != d {
		c.errorf("stage %s described %q, want %q", s.Name, ds.DocComment, d)
	}
	steps := s.Steps
	next := func() plan.Step {
		if len(steps) == 0 {
			return nil
		}
		st := steps[0]
		steps = steps[1:]
		return st
	}
	var envs []plan.Env
	var files []plan.File
	for _, cmd := range ds.Commands {
		switch v := cmd.(type) {
		case *instructions.ArgCommand:
			c.declare(v)
		case *instructions.EnvCommand:
			for _, kv := range v.Env {
				val := c.word(kv.Value)
				c.env[kv.Key] = val
				envs = append(envs, plan.Env{Key: kv.Key, Value: val})
			}
		case *instructions.WorkdirCommand:
			if got := c.word(v.Path); got != s.Workdir && got != c.p.Image.Workdir {
				c.errorf("stage %s WORKDIR %s", s.Name, got)
			}
		case *instructions.UserCommand:
			// root before the image stage's WORKDIR: the directory is root's, as the graph makes it
			got := c.word(v.User)
			rootWorkdir := got == "root" && s.User == "" && s.Workdir != "" && s.Name == c.p.ImageStage()
			if got != s.User && got != c.p.Image.User && !rootWorkdir {
				c.errorf("stage %s USER %s", s.Name, got)
			}
		case *instructions.CopyCommand:
			if len(v.SourceContents) > 0 {
				if len(files) == 0 {
					wf, ok := next().(*plan.WriteFile)
					if !ok {
						c.errorf("stage %s: a heredoc where the plan has no file", s.Name)
						return
					}
					files = wf.Files
				}
				c.heredoc(v, files[0])
				files = files[1:]
				continue
			}
			if v.From == s.Name+"-dirs" {
				for len(steps) > 0 {
					if _, ok := steps[0].(*plan.Mkdir); !ok {
						break
					}
					next()
				}
				continue
			}
			cp, ok := next().(*plan.Copy)
			if !ok {
				c.errorf("stage %s: COPY %v where the plan has no copy", s.Name, v.SourcePaths)
				return
			}
			c.copy(cp, v)
		case *instructions.RunCommand:
			r, ok := next().(*plan.Run)
			if !ok {
				c.errorf("stage %s: RUN %v where the plan has no run", s.Name, v.CmdLine)
				return
			}
			c.run(r, v)
		case *instructions.LabelCommand, *instructions.ExposeCommand, *instructions.HealthCheckCommand,
			*instructions.EntrypointCommand, *instructions.CmdCommand, *instructions.StopSignalCommand:
			if s.Name != c.p.Default {
				c.errorf("image config %T in stage %s", v, s.Name)
			}
		default:
			c.errorf("stage %s: unexpected %T", s.Name, v)
		}
	}
	if len(steps) > 0 || len(files) > 0 {
		c.errorf("stage %s: steps %v not in the Dockerfile", s.Name, steps)
	}
	wantEnv := s.Env
	if s.Name == c.p.Default {
		wantEnv = append(slices.Clone(s.Env), c.p.Image.Env...)
		c.image(ds)
	}
	for i, e := range wantEnv {
		if i >= len(envs) || envs[i] != (plan.Env{Key: e.Key, Value: c.planValue(e.Value)}) {
			c.errorf("stage %s ENV %v, want %v", s.Name, envs, wantEnv)
			break
		}
	}
}

func (c *checker) copy(cp *plan.Copy, v *instructions.CopyCommand) {
	if v.From != cp.FromStage || v.Chown != cp.Chown || v.Link || !slices.Equal(v.ExcludePatterns, cp.Exclude) ||
		v.Parents != (len(cp.Include) > 0) {
		c.errorf("COPY from %q chown %q link %v exclude %v parents %v, want %+v", v.From, v.Chown, v.Link, v.ExcludePatterns, v.Parents, cp)
	}
	var srcs []string
	for _, p := range v.SourcePaths {
		srcs = append(srcs, c.word(p))
	}
	want, optional := slices.Clone(cp.Paths), false
	if len(cp.Include) > 0 {
		want, optional = slices.Clone(cp.Include), true
	}
	for i, p := range want {
		if optional && !strings.ContainsAny(p, "*?[") {
			want[i] = p + "*"
		}
		if src := path.Clean(cp.Paths[0]); optional && src != "." && src != "/" { // below a directory: COPY --parents' ./ pivot
			want[i] = src + "/./" + want[i]
		}
	}
	if !slices.Equal(srcs, want) {
		c.errorf("COPY %q, want %q", srcs, want)
	}
	if dest := c.word(v.DestPath); strings.TrimSuffix(dest, "/") != strings.TrimSuffix(cp.Dest, "/") || (len(want) > 1 && !strings.HasSuffix(dest, "/")) {
		c.errorf("COPY to %q, want %q", dest, cp.Dest)
	}
}

func (c *checker) heredoc(v *instructions.CopyCommand, f plan.File) {
	sc := v.SourceContents[0]
	chmod := ""
	if f.Mode != 0o644 {
		chmod = fmt.Sprintf("%o", f.Mode)
	}
	if sc.Expand || sc.Data != f.Data || c.word(v.DestPath) != f.Path || v.Chown != f.Chown || v.Chmod != chmod {
		c.errorf("heredoc %+v to %s chown %q chmod %q, want %+v", sc, v.DestPath, v.Chown, v.Chmod, f)
	}
}

func (c *checker) run(r *plan.Run, v *instructions.RunCommand) {
	if !v.PrependShell || len(v.CmdLine) != 1 {
		c.errorf("RUN %q is not in the shell form", v.CmdLine)
		return
	}
	for _, name := range r.UseArgs {
		if _, ok := c.env[name]; !ok {
			if i := slices.IndexFunc(c.p.Args, func(a plan.Arg) bool { return a.Name == name }); i < 0 || c.p.Args[i].HasDefault {
				c.errorf("RUN %q does not see the arg %s", v.CmdLine, name)
			}
		}
	}
	for _, e := range r.Env {
		for _, n := range names(e.Value, func(n string) bool { _, ok := platform[n]; return ok }) {
			if _, ok := c.env[n]; !ok && platform[n] != "" {
				c.errorf("RUN %q uses %s undeclared", v.CmdLine, n)
			}
		}
	}
	if err := v.Expand(func(w string) (string, error) { return c.word(w), nil }); err != nil {
		c.errorf("RUN mounts: %v", err)
		return
	}
	mounts := instructions.GetMounts(v)
	if len(mounts) != len(r.Mounts) {
		c.errorf("RUN has %d mounts, want %d", len(mounts), len(r.Mounts))
		return
	}
	for i, m := range r.Mounts {
		dm := mounts[i]
		got := plan.Mount{Type: plan.MountType(dm.Type), Target: dm.Target, Source: dm.Source, Required: dm.Required}
		switch m.Type {
		case plan.MountCache:
			m.ID = c.planValue(m.ID) // ids name the platform: apt-cache/<image>/${BUILDPLATFORM}
			got.ID, got.Sharing, got.FromStage = dm.CacheID, plan.Sharing(dm.CacheSharing), dm.From
			if got.Sharing == "shared" && m.Sharing == "" {
				got.Sharing = ""
			}
			if dm.UID != nil {
				got.UID, got.GID = int(*dm.UID), int(*dm.GID)
			}
		case plan.MountSecret, plan.MountSSH:
			got.ID = dm.CacheID
			if dm.Env != nil {
				got.Env = *dm.Env
			}
		case plan.MountBind:
			got.FromStage = dm.From
			if !dm.ReadOnly {
				c.errorf("mount %d is writable", i)
			}
		}
		if got != m {
			c.errorf("mount %d: %+v, want %+v", i, got, m)
		}
	}
	if (instructions.GetNetwork(v) == instructions.NetworkNone) != r.NoNetwork {
		c.errorf("RUN network %q, want none=%v", instructions.GetNetwork(v), r.NoNetwork)
	}
	text := v.CmdLine[0]
	if len(v.Files) == 1 {
		text = v.Files[0].Data
	}
	if script := scriptOf(r); script != "" && !strings.HasSuffix(strings.TrimSuffix(text, "\n"), script) {
		c.errorf("RUN runs %q, want the script %q", text, script)
	} else if want := c.command(r); script == "" && !strings.HasSuffix(oneLine(text), oneLine(want)) {
		c.errorf("RUN runs %q, want %q", text, want)
	}
}

// command is the shell command line of a step's exec arguments, keeping ${NAME} for the build
// args and platform variables when the step expands them.
func (c *checker) command(r *plan.Run) string {
	if !r.ExpandArgs {
		return shellCommand(r.Args)
	}
	return shellCommandRefs(r.Args, func(name string) bool {
		_, isPlatform := platform[name]
		return isPlatform || slices.ContainsFunc(c.p.Args, func(a plan.Arg) bool { return a.Name == name })
	})
}

func scriptOf(r *plan.Run) string {
	if r.Args == nil {
		return r.Shell
	}
	if inlined, ok := inlineArgs(r.Args); ok { // its meaning is TestInlinedArgumentsRunTheSame's
		return inlined
	}
	if len(r.Args) == 3 && r.Args[0] == "/bin/sh" && r.Args[1] == "-c" {
		return r.Args[2]
	}
	return ""
}

// image reads the default stage's config instructions back and compares them with the plan's.
func (c *checker) image(ds *instructions.Stage) {
	img := c.p.Image
	var labels []plan.Env
	var ports []string
	var ep, cmd []string
	var health *plan.Healthcheck
	for _, cmdI := range ds.Commands {
		switch v := cmdI.(type) {
		case *instructions.LabelCommand:
			for _, kv := range v.Labels {
				labels = append(labels, plan.Env{Key: kv.Key, Value: c.word(kv.Value)})
			}
		case *instructions.ExposeCommand:
			ports = append(ports, v.Ports...)
		case *instructions.EntrypointCommand:
			if v.PrependShell {
				c.errorf("ENTRYPOINT in the shell form")
			}
			ep = v.CmdLine
		case *instructions.CmdCommand:
			if v.PrependShell {
				c.errorf("CMD in the shell form")
			}
			cmd = v.CmdLine
		case *instructions.StopSignalCommand:
			c.errorf("STOPSIGNAL %s: the plan has none", c.word(v.Signal))
		case *instructions.HealthCheckCommand:
			h := v.Health
			health = &plan.Healthcheck{Test: h.Test, Interval: int64(h.Interval), Timeout: int64(h.Timeout),
				StartPeriod: int64(h.StartPeriod), Retries: h.Retries}
		}
	}
	var want []plan.Env
	for _, l := range img.Labels {
		want = append(want, plan.Env{Key: l.Key, Value: c.planValue(l.Value)})
	}
	if !slices.Equal(labels, want) {
		c.errorf("labels %v, want %v", labels, want)
	}
	wantPorts := slices.Sorted(slices.Values(img.Ports)) // a set in the image config; BuildKit sorts EXPOSE
	if !slices.Equal(slices.Sorted(slices.Values(ports)), wantPorts) || !slices.Equal(ep, img.Entrypoint) || !slices.Equal(cmd, img.Cmd) || (cmd == nil) != (img.Cmd == nil) {
		c.errorf("ports %v entrypoint %q cmd %q, want %v %q %q", ports, ep, cmd, wantPorts, img.Entrypoint, img.Cmd)
	}
	if (health == nil) != (img.Healthcheck == nil) || health != nil && (!slices.Equal(health.Test, img.Healthcheck.Test) ||
		health.Interval != img.Healthcheck.Interval || health.Timeout != img.Healthcheck.Timeout ||
		health.StartPeriod != img.Healthcheck.StartPeriod || health.Retries != img.Healthcheck.Retries) {
		c.errorf("healthcheck %+v, want %+v", health, img.Healthcheck)
	}
}
