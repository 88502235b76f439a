package lang

import (
	"path"
	"slices"
	"strings"
)

// StartScript is the script the project's own image starts with (ENTRYPOINT
// ["/docker-entrypoint.sh"], CMD ["./start.sh"], CMD ["sh", "scripts/start.sh"]): what its
// Dockerfile runs before or instead of the server, often a migration (`alembic upgrade head`,
// then `exec "$@"`).
type StartScript struct {
	// Dockerfile is the file that names it, Path the script as the image runs it.
	Dockerfile, Path string
	// Sources are the context paths it may have been copied from, by the last stage's COPY and
	// ADD instructions (and those of the stages it starts from), the last copy first: a
	// directory's copy (`COPY . /app`) and a file's (`COPY entrypoint.sh /`) both give one.
	Sources []string
}

// startWrappers are programs an image starts the script with: a shell, an init, env.
var startWrappers = []string{"sh", "bash", "dash", "ash", "env", "tini", "dumb-init", "catatonit", "--"}

// DockerfileStartScript is the script the last stage of the project's Dockerfile (the first of
// dockerfiles with a FROM) starts, through a shell, tini or dumb-init: the first word of its
// ENTRYPOINT then CMD that is neither such a wrapper nor its option, when it ends in `.sh` or
// its name says it starts the image (entrypoint, entry, start, run, boot, init, prestart). ok is false
// for none, or when no copy of the context gives it a source.
func DockerfileStartScript(f Facts) (StartScript, bool) {
	name, df := projectDockerfile(f)
	script := ""
	for _, w := range df.command.words() {
		if slices.Contains(startWrappers, path.Base(w)) || strings.HasPrefix(w, "-") {
			continue
		}
		if startScriptName(path.Base(w)) {
			script = w
		}
		break
	}
	if script == "" {
		return StartScript{}, false
	}
	in := script
	if !path.IsAbs(in) {
		in = path.Join(df.workdir, in)
	}
	sources := copySources(df.copies, in, 0)
	if len(sources) == 0 {
		return StartScript{}, false
	}
	return StartScript{Dockerfile: name, Path: script, Sources: sources}, true
}

// startScriptName: a file name of a script that starts an image.
func startScriptName(base string) bool {
	if strings.HasSuffix(base, ".sh") {
		return true
	}
	stem := strings.ToLower(base)
	for _, word := range []string{"entrypoint", "entry", "start", "run", "boot", "init", "prestart"} {
		if stem == word || strings.HasPrefix(stem, "docker-"+word) || strings.HasSuffix(stem, "-"+word) || strings.HasPrefix(stem, word+"-") || strings.HasPrefix(stem, word+"_") {
			return true
		}
	}
	return false
}

// copySources are the context paths the file at p (absolute) of a stage may have been copied
// from by its copies, the last copy first; through a copy from an earlier stage, that stage's
// (depth bounds the chain).
func copySources(copies []contextCopy, p string, depth int) []string {
	var out []string
	add := func(cp contextCopy, src string) {
		if cp.stage { // a path of the earlier stage: its own copies say where it came from
			if depth < 8 {
				out = AppendNew(out, copySources(cp.from, path.Join("/", src), depth+1)...)
			}
			return
		}
		// a source is the context's path, a leading "/" or "../" of it kept inside
		if rel, ok := RelPath(strings.TrimPrefix(path.Clean("/"+src), "/")); ok && rel != "." && rel != "" && !slices.Contains(out, rel) {
			out = append(out, rel)
		}
	}
	for i := len(copies) - 1; i >= 0; i-- {
		cp := copies[i]
		if p == cp.dest && !cp.dir {
			add(cp, cp.sources[0])
			continue
		}
		rel, ok := strings.CutPrefix(p, strings.TrimSuffix(cp.dest, "/")+"/")
		if !ok {
			continue
		}
		for _, src := range cp.sources {
			if strings.ContainsAny(src, "*?[") {
				continue
			}
			if path.Base(src) == rel { // a file copied into the directory
				add(cp, src)
			}
			add(cp, path.Join(src, rel)) // a directory's contents copied there
		}
	}
	return out
}
