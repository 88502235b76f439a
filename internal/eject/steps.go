package eject

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
)

func (w *writer) copy(c *plan.Copy) error {
	var flags []string
	if c.FromStage != "" {
		flags = append(flags, "--from="+c.FromStage)
	}
	if c.Chown != "" {
		if !flagValue.MatchString(c.Chown) {
			return fmt.Errorf("owner %q", c.Chown)
		}
		flags = append(flags, "--chown="+c.Chown)
	}
	for _, ex := range c.Exclude {
		if !flagValue.MatchString(ex) {
			return fmt.Errorf("exclude pattern %q cannot be written as a COPY flag", ex)
		}
		flags = append(flags, "--exclude="+ex)
	}
	paths, optional := c.Paths, false
	if len(c.Include) > 0 {
		// Include patterns select files below the source keeping their paths: COPY --parents,
		// each pattern one source. They may match nothing, hence the optional idiom. Below a
		// directory of the source (web/ holding a workspace), the ./ pivot keeps the paths below it.
		if len(c.Paths) != 1 || path.IsAbs(c.Paths[0]) && c.Paths[0] != "/" || strings.HasPrefix(c.Paths[0], "..") {
			return fmt.Errorf("include patterns on %q cannot be written as COPY --parents", c.Paths)
		}
		flags = append(flags, "--parents")
		paths, optional = c.Include, true
		if src := path.Clean(c.Paths[0]); src != "." && src != "/" {
			paths = nil
			for _, inc := range c.Include {
				paths = append(paths, src+"/./"+inc)
			}
		}
	}
	words := make([]string, 0, len(paths)+1)
	for _, p := range paths {
		if optional && !strings.ContainsAny(p, "*?[") {
			p += "*" // the Dockerfile idiom for a file that may be absent (package-lock.json*)
		}
		words = append(words, p)
	}
	dest := c.Dest
	if len(words) > 1 && !strings.HasSuffix(dest, "/") {
		dest += "/" // several sources need a directory
	}
	words = append(words, dest)
	plain := true
	for _, word := range words {
		plain = plain && plainPath(word)
	}
	prefix := strings.Join(append([]string{"COPY"}, flags...), " ")
	if plain {
		w.printf("%s %s\n", prefix, strings.Join(words, " "))
		return nil
	}
	for i, word := range words {
		if strings.ContainsAny(word, "\n\r") {
			return fmt.Errorf("path %q spans lines", word)
		}
		words[i] = dfLiteral(word)
	}
	w.printf("%s %s\n", prefix, jsonList(words))
	return nil
}

// flagValue is what a flag value (--chown=, --mount=...) may hold without quoting: BuildKit splits
// and expands flags on its own terms, and plan values need none of that.
var flagValue = regexp.MustCompile(`^[A-Za-z0-9_./@:+*?-]+$`)

// writeFile writes files from the plan as COPY heredocs. The quoted delimiter keeps the content
// literal, and a heredoc ends every line with a newline, so content must end with one too.
func (w *writer) writeFile(wf *plan.WriteFile) error {
	if d := oneLine(wf.Display); d != "" {
		w.printf("# %s\n", d)
	}
	for _, f := range wf.Files {
		if !strings.HasSuffix(f.Data, "\n") || strings.ContainsAny(f.Data, "\r\x00") {
			return fmt.Errorf("%s: a heredoc holds only text ending in a newline", f.Path)
		}
		if !plainPath(f.Path) {
			return fmt.Errorf("file path %q", f.Path)
		}
		flags := ""
		if f.Chown != "" {
			if !flagValue.MatchString(f.Chown) {
				return fmt.Errorf("owner %q", f.Chown)
			}
			flags += " --chown=" + f.Chown
		}
		if f.Mode != 0o644 { // a heredoc file is 0644
			flags += fmt.Sprintf(" --chmod=%o", f.Mode)
		}
		delim := delimiter(f.Data)
		w.printf("COPY%s <<\"%s\" %s\n%s%s\n", flags, delim, f.Path, f.Data, delim)
	}
	return nil
}

// delimiter is a heredoc delimiter that no line of data equals.
func delimiter(data string) string {
	lines := strings.Split(data, "\n")
	for i := 0; ; i++ {
		d := "EOF"
		if i > 0 {
			d = fmt.Sprintf("EOF%d", i)
		}
		found := false
		for _, l := range lines {
			found = found || l == d
		}
		if !found {
			return d
		}
	}
}

// dirsStage makes a stage's directories, with their modes and owners, on the build platform:
// a Dockerfile has no instruction that makes a directory without running a shell in the stage,
// and the stage (a runtime image, often without a shell) must run nothing on the target
// platform. The stage copies the tree in with `COPY --from=<name> /out/ /`, which keeps owners.
func (w *writer) dirsStage(name, stage string, dirs []*plan.Mkdir) error {
	// a build stage's image has a shell; an internal stage's may not (uv's image holds its two
	// binaries and nothing else), so one is taken only when there is no other
	image := ""
	for _, internal := range []bool{false, true} {
		for _, s := range w.p.Stages {
			if image == "" && s.BuildPlatform && s.Base.Image != "" && s.Internal == internal {
				image = s.Base.Image
			}
		}
	}
	if image == "" {
		return fmt.Errorf("no build-platform image to make directories with")
	}
	var paths, fixes []string
	for _, d := range dirs {
		p := "/out" + path.Clean("/"+d.Path)
		paths = append(paths, shellWord(p))
		if d.Chown != "" {
			if !flagValue.MatchString(d.Chown) {
				return fmt.Errorf("owner %q", d.Chown)
			}
			fixes = append(fixes, "chown "+d.Chown+" "+shellWord(p))
		}
		fixes = append(fixes, fmt.Sprintf("chmod %o %s", d.Mode, shellWord(p)))
	}
	w.printf("\n# %s the directories of the %s stage, made on the build platform\n", name, stage)
	w.printf("FROM --platform=$BUILDPLATFORM %s AS %s\n", image, name)
	w.printf("RUN --network=none mkdir -p %s \\\n && %s\n", strings.Join(paths, " "), strings.Join(fixes, " \\\n && "))
	return nil
}
