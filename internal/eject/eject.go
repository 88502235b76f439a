// Package eject writes a plan as a plain, readable Dockerfile: the same stages, cache mounts,
// cross-compilation and runtime image that `# syntax=org/multistage-frontend` builds, for any
// BuildKit builder, so that nobody is locked in. Like internal/graph it reads only the plan;
// unlike it, it knows nothing of BuildKit, only Dockerfile syntax.
package eject

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
)

const (
	// Target is the build target whose output is the ejected Dockerfile (--target dockerfile).
	Target = "dockerfile"
	// FileName is the file that target writes: next to the spec, not over it.
	FileName = "Dockerfile.ejected"
	// TargetDescription describes the target in target lists.
	TargetDescription = "this build as a plain Dockerfile (" + FileName + "): --output type=local,dest=."
)

// Options are what the Dockerfile says about where it came from.
type Options struct {
	// Source names the build file the plan comes from ("Dockerfile").
	Source string
}

// platformArgs are BuildKit's automatic platform ARGs, the names besides the plan's args that
// plan values may refer to as ${NAME}.
var platformArgs = []string{"TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
	"BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT"}

var stageName = regexp.MustCompile(`^[a-z][a-z0-9_.-]*$`)

type writer struct {
	p    *plan.Plan
	b    strings.Builder
	args map[string]bool
	// declared are the ARGs declared in the stage being written.
	declared map[string]bool
}

// Dockerfile writes the plan as a Dockerfile. It fails only for plans holding values a
// Dockerfile cannot express (a stage name BuildKit refuses, a mount option with a comma).
func Dockerfile(p *plan.Plan, opt Options) ([]byte, error) {
	w := &writer{p: p, args: map[string]bool{}}
	for _, a := range p.Args {
		w.args[a.Name] = true
	}
	w.header(opt)
	for _, s := range p.Stages {
		if !stageName.MatchString(s.Name) || s.Name == "scratch" || s.Name == "context" {
			return nil, fmt.Errorf("eject: stage name %q is not valid in a Dockerfile", s.Name)
		}
		if err := w.stage(s); err != nil {
			return nil, fmt.Errorf("eject: stage %s: %w", s.Name, err)
		}
	}
	if last := p.Stages[len(p.Stages)-1]; last.Name != p.Default {
		w.printf("\n# the default target: a Dockerfile builds its last stage\nFROM %s\n", p.Default)
	}
	return []byte(w.b.String()), nil
}

func (w *writer) printf(format string, args ...any) { fmt.Fprintf(&w.b, format, args...) }

func (w *writer) known(name string) bool {
	return w.args[name] || slices.Contains(platformArgs, name)
}

func (w *writer) header(opt Options) {
	src := opt.Source
	if src == "" {
		src = "the build spec"
	}
	w.printf("# syntax=docker/dockerfile:1\n\n")
	w.printf("# Ejected from %s (language: %s) by multistage-frontend: the same stages, caches and\n", src, w.p.Language)
	w.printf("# image as `# syntax=org/multistage-frontend` builds, for any BuildKit builder.\n")
	w.printf("# The default target is %s; the others are %s.\n", w.p.Default, strings.Join(w.otherTargets(), ", "))
	if len(w.p.Args) == 0 {
		return
	}
	w.printf("\n")
	for _, a := range w.p.Args {
		if a.Description != "" {
			w.printf("# %s %s\n", a.Name, oneLine(a.Description))
		}
		if a.HasDefault {
			w.printf("ARG %s=%s\n", a.Name, dfValue(a.Default, func(string) bool { return false }))
		} else {
			w.printf("ARG %s\n", a.Name)
		}
	}
}

func (w *writer) otherTargets() []string {
	var out []string
	for _, s := range w.p.Targets() {
		if s.Name != w.p.Default {
			out = append(out, s.Name)
		}
	}
	return out
}

// declare writes one ARG line for the names the stage has not declared yet: an ARG is visible
// in a stage only once declared there, and a declared ARG reaches the RUN steps' environment.
func (w *writer) declare(names []string) {
	var fresh []string
	for _, n := range names {
		if !w.declared[n] && !slices.Contains(fresh, n) {
			fresh = append(fresh, n)
		}
	}
	if len(fresh) > 0 {
		w.printf("ARG %s\n", strings.Join(fresh, " "))
	}
	for _, n := range fresh {
		w.declared[n] = true
	}
}

func (w *writer) stage(s *plan.Stage) error {
	w.declared = map[string]bool{}
	var dirs []*plan.Mkdir
	for _, step := range s.Steps {
		if m, ok := step.(*plan.Mkdir); ok {
			dirs = append(dirs, m)
		}
	}
	dirStage := ""
	if len(dirs) > 0 {
		dirStage = s.Name + "-dirs"
		if w.p.Stage(dirStage) != nil {
			return fmt.Errorf("a stage is already named %s", dirStage)
		}
		if err := w.dirsStage(dirStage, s.Name, dirs); err != nil {
			return err
		}
	}

	w.printf("\n")
	if d := oneLine(s.Description); d != "" {
		w.printf("# %s %s\n", s.Name, d)
	}
	base := "scratch"
	switch {
	case s.Base.Stage != "":
		base = s.Base.Stage
	case s.Base.Image != "":
		base = s.Base.Image
	}
	platform := ""
	if s.BuildPlatform && s.Base.Stage == "" {
		platform = "--platform=$BUILDPLATFORM "
	}
	w.printf("FROM %s%s AS %s\n", platform, base, s.Name)
	if err := w.env(s.Env); err != nil {
		return err
	}
	if s.Workdir != "" {
		if s.User == "" && s.Base.Image != "" && s.Name == w.p.ImageStage() {
			// WORKDIR makes the directory as the current user, which is the base image's
			// (distroless nonroot's 65532); the graph's steps run as root and its copies make
			// the directory root's, which the program then cannot change
			w.printf("USER root\n")
		}
		if err := w.pathLine("WORKDIR", s.Workdir); err != nil {
			return err
		}
	}
	if s.User != "" {
		if err := w.pathLine("USER", s.User); err != nil {
			return err
		}
	}
	dirsCopied := false
	for _, step := range s.Steps {
		var err error
		switch v := step.(type) {
		case *plan.Copy:
			err = w.copy(v)
		case *plan.Run:
			err = w.run(v)
		case *plan.WriteFile:
			err = w.writeFile(v)
		case *plan.Mkdir:
			if !dirsCopied {
				w.printf("COPY --from=%s /out/ /\n", dirStage)
				dirsCopied = true
			}
		default:
			err = fmt.Errorf("no Dockerfile form for %T", step)
		}
		if err != nil {
			return err
		}
	}
	if s.Name == w.p.ImageStage() {
		return w.image(s)
	}
	if img := w.p.ImageOf(s.Name); img != nil {
		return w.process(img)
	}
	return nil
}

// env writes ENV lines, declaring the ARGs their values refer to first.
func (w *writer) env(env []plan.Env) error {
	var refs []string
	for _, e := range env {
		refs = append(refs, names(e.Value, w.known)...)
	}
	w.declare(refs)
	for _, e := range env {
		if !envName.MatchString(e.Key) {
			return fmt.Errorf("%q is not a variable name", e.Key)
		}
		w.printf("ENV %s=%s\n", e.Key, dfValue(e.Value, w.known))
	}
	return nil
}

var envName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// pathLine writes an instruction whose one argument BuildKit expands; plan values never ask
// for expansion there, so unusual ones are quoted literally.
func (w *writer) pathLine(instr, value string) error {
	if plainPath(value) {
		w.printf("%s %s\n", instr, value)
		return nil
	}
	if strings.ContainsAny(value, "\n\r") {
		return fmt.Errorf("%s %q spans lines", instr, value)
	}
	w.printf("%s %s\n", instr, dfValue(value, func(string) bool { return false }))
	return nil
}

// oneLine keeps a description to one line, for comments.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
