package lang

import (
	"bytes"
	"cmp"
	"maps"
	"path"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
	"github.com/moby/buildkit/frontend/dockerfile/shell"
	"github.com/org/multistage-frontend/internal/plan"
)

// dockerfile is what planning reads of the project's own Dockerfile: its last stage's working
// directory ("" without a FROM), VOLUMEs (absolute; a relative VOLUME is below the WORKDIR
// before it) and ENV values, those a stage inherits from the stage it starts from included (an
// image keeps its base's volumes: Sylius-Standard declares `VOLUME public/media` in the stage
// its last ones start from), and the command its image runs: ENTRYPOINT then CMD, exec form or
// a shell form of plain words (an ENTRYPOINT resets the CMD of the stage it starts from, as in
// Docker).
type dockerfile struct {
	workdir string
	volumes []string
	env     []plan.Env
	command command
	// copies are the stage's COPY and ADD instructions from the build context or an earlier
	// stage of the file (none from an image), those of the stages it starts from first: where the
	// files of its image came from (a start script's `COPY docker/entrypoint.sh /entrypoint.sh`,
	// umap's `COPY --from=build /srv/umap/docker/ /srv/umap/docker/`).
	copies []contextCopy
	// between are the copies of a directory from one stage into another, of every stage, in the
	// file's order (DockerfileCopies).
	between []DockerfileCopy
	// chowned are the paths the stage's RUN instructions give an owner with chown (absolute),
	// those of the stages it starts from first (ezbookkeeping's data, log and storage).
	chowned []string
	// builds reports a stage, or one it starts from, on a golang image or running `go build` or
	// `go install`: the build's own stage, whose copies are the source, not the program's files.
	builds bool
	// goBuilds are the shell-form RUN lines of every stage running `go build` or `go install`,
	// in the file's order (DockerfileGoBuilds).
	goBuilds []DockerfileRun
	// stagesEnv are the ENV values of every stage, in the file's order (DockerfileStageEnv).
	stagesEnv []plan.Env
	// image is the image the stage builds on, through the stages of the file it starts from;
	// images are those of every stage, in the file's order (DockerfileBaseImages).
	image  string
	images []string
}

// contextCopy is a COPY or ADD of context paths: its sources as written, and its destination,
// absolute; dir when the destination is a directory (ends in "/", or several sources). from
// is set for a copy from an earlier stage: that stage's copies, which its sources, absolute
// paths of the stage, are found by.
type contextCopy struct {
	sources []string
	dest    string
	dir     bool
	from    []contextCopy
	stage   bool
	line    int
	// owned is a COPY --chown: what it copies is the image user's (rauthy's `COPY
	// --chown=$TARGET_USER ./out/empty/ ./data`).
	owned bool
}

// command is what a Dockerfile stage's image runs; a nil part is unset or not read. shell is
// the CMD's text when it is written in shell form and no ENTRYPOINT is set ("" otherwise),
// what /bin/sh -c runs, operators and all (kutt's `npm run migrate && npm start`).
type command struct {
	entrypoint, cmd []string
	shell           string
	hasEntrypoint   bool
}

// words are the entrypoint's and the cmd's, as the image's process gets them.
func (c command) words() []string { return slices.Concat(c.entrypoint, c.cmd) }

// projectDockerfile is the project's own Dockerfile: the first of dockerfiles with a FROM, and
// what it says; "" and nothing for none.
func projectDockerfile(f Facts) (string, dockerfile) {
	for _, name := range dockerfiles {
		if df := readDockerfile(f[name]); df.workdir != "" {
			return name, df
		}
	}
	return "", dockerfile{}
}

// DockerfileBaseImages are the images the project's Dockerfile (the first of dockerfiles with
// a FROM) builds on, as written, lower-cased, with ARG defaults expanded: its last stage's
// (through the stages of the file it starts from) first, then every other stage's in the file's
// order (MediaCMS's `python:3.13.5-bookworm`); with the file's name, "" and nil for none.
func DockerfileBaseImages(f Facts) (string, []string) {
	name, df := projectDockerfile(f)
	if name == "" {
		return "", nil
	}
	return name, AppendNew([]string{df.image}, df.images...)
}

// DockerfileShellCmd is the CMD of the project's Dockerfile (the first of dockerfiles with a
// FROM) when its last stage writes it in shell form with no ENTRYPOINT, with the file's name:
// the command line /bin/sh runs (kutt's `npm run migrate && npm start`); "" otherwise.
func DockerfileShellCmd(f Facts) (name, line string) {
	name, df := projectDockerfile(f)
	if df.command.shell == "" {
		return "", ""
	}
	return name, df.command.shell
}

// DockerfileCommand is what the last stage of the project's Dockerfile (the first of
// dockerfiles with a FROM) runs, ENTRYPOINT then CMD as the image's process gets them (nil when
// it sets neither, or writes CMD in shell form), with the file's name and the stage's working
// directory (a relative path in the command is below it): simple-kvs's `CMD ["run",
// "--unstable-kv", ..., "serve.ts"]` on a denoland/deno image, whose own entrypoint runs deno.
func DockerfileCommand(f Facts) (name, workdir string, words []string) {
	name, df := projectDockerfile(f)
	if df.command.shell != "" {
		return "", "", nil
	}
	return name, df.workdir, df.command.words()
}

// DockerfileEnv is the value the project's Dockerfile (the first of dockerfiles with a FROM)
// gives the variable name in its last stage's environment (hollama's `ENV
// PUBLIC_ADAPTER='docker-node'`), and its file's name; ok is false when it sets none.
func DockerfileEnv(f Facts, name string) (value, file string, ok bool) {
	file, df := projectDockerfile(f)
	for _, e := range df.env {
		if e.Key == name {
			return e.Value, file, true
		}
	}
	return "", "", false
}

// DockerfileStageEnv is DockerfileEnv, else the value the last ENV of another stage of the file
// sets: a variable the project's build stage sets for its build (networking-toolbox's builder
// `ENV DEPLOY_ENV=docker NODE_ENV=production`, by which its svelte.config.js picks adapter-node),
// which the image's stage does not have.
func DockerfileStageEnv(f Facts, name string) (value, file string, ok bool) {
	if value, file, ok := DockerfileEnv(f, name); ok {
		return value, file, ok
	}
	file, df := projectDockerfile(f)
	for _, e := range slices.Backward(df.stagesEnv) {
		if e.Key == name {
			return e.Value, file, true
		}
	}
	return "", "", false
}

// readDockerfile reads a Dockerfile with BuildKit's own parser (continuations, comments,
// heredocs, the escape directive, JSON forms); an instruction it cannot read is passed over.
// `${NAME}` and `$NAME` expand to the default of an ARG or the value of an ENV set before them
// (etherpad's `WORKDIR "${EP_DIR}"`, `FROM build_${BUILD_ENV}`); a path or value with any other
// variable is passed over.
func readDockerfile(data []byte) dockerfile {
	if !fromLine.Match(data) { // not a Dockerfile (the spec, when the build file is named so): parsing costs
		return dockerfile{}
	}
	lastRead.Lock()
	defer lastRead.Unlock()
	if lastRead.data == nil || !bytes.Equal(lastRead.data, data) {
		lastRead.data, lastRead.df = bytes.Clone(data), parseDockerfile(data)
	}
	// a copy the caller may change (a copy's from is never changed)
	df := lastRead.df
	df.volumes, df.env, df.copies = slices.Clone(df.volumes), slices.Clone(df.env), slices.Clone(df.copies)
	df.command.entrypoint, df.command.cmd = slices.Clone(df.command.entrypoint), slices.Clone(df.command.cmd)
	df.between, df.chowned, df.goBuilds = slices.Clone(df.between), slices.Clone(df.chowned), slices.Clone(df.goBuilds)
	df.stagesEnv, df.images = slices.Clone(df.stagesEnv), slices.Clone(df.images)
	return df
}

// fromLine is a FROM instruction at the start of a line, which every Dockerfile has.
var fromLine = regexp.MustCompile(`(?im)^[ \t]*FROM[ \t]`)

// lastRead is the last Dockerfile read: planning reads the project's Dockerfile for its volumes
// and for its listen addresses, and BuildKit's parser is the costly part of planning.
var lastRead struct {
	sync.Mutex
	data []byte
	df   dockerfile
}

// parseDockerfile is readDockerfile without its shortcuts.
func parseDockerfile(data []byte) dockerfile {
	ast, err := parser.Parse(bytes.NewReader(data))
	if err != nil {
		return dockerfile{}
	}
	lex := shell.NewLex(ast.EscapeToken)
	stages, vars := map[string]dockerfile{}, dockerVars{}
	expand := func(word string) (string, bool) { // known: no variable without a value or default
		r, err := lex.ProcessWordWithMatches(word, vars)
		for name := range r.Unmatched {
			if !strings.Contains(word, "${"+name+":-") && !strings.Contains(word, "${"+name+"-") {
				return r.Result, false
			}
		}
		return r.Result, err == nil
	}
	var cur dockerfile
	stage, from, cmdSet := "", false, false
	var between []DockerfileCopy
	var goBuilds []DockerfileRun
	var stagesEnv []plan.Env
	var images []string
	for _, n0 := range ast.AST.Children {
		cmd, err := instructions.ParseInstruction(n0)
		if err != nil {
			continue
		}
		switch c := cmd.(type) {
		case *instructions.ArgCommand:
			for _, a := range c.Args {
				if a.Value == nil {
					continue
				}
				if v, known := expand(*a.Value); known {
					vars[a.Key] = v
				}
			}
		case *instructions.EnvCommand:
			for _, kv := range c.Env {
				if v, known := expand(kv.Value); known {
					vars[kv.Key] = v
					cur.env = append(slices.DeleteFunc(cur.env, func(e plan.Env) bool { return e.Key == kv.Key }), plan.Env{Key: kv.Key, Value: v})
					stagesEnv = append(stagesEnv, plan.Env{Key: kv.Key, Value: v})
				}
			}
		case *instructions.Stage:
			base, _ := expand(c.BaseName)
			from, stage = true, strings.ToLower(c.Name)
			parent, known := stages[strings.ToLower(base)]
			cur, cmdSet = dockerfile{workdir: cmp.Or(parent.workdir, "/")}, false
			if known {
				cur.env, cur.volumes, cur.command = slices.Clone(parent.env), slices.Clone(parent.volumes), parent.command
				cur.copies, cur.chowned, cur.builds = slices.Clone(parent.copies), slices.Clone(parent.chowned), parent.builds
				cur.image = parent.image
			} else {
				cur.builds = strings.Contains(path.Base(strings.ToLower(base)), "golang")
				cur.image = strings.ToLower(base)
				images = append(images, cur.image)
			}
		case *instructions.EntrypointCommand:
			cur.command.entrypoint, cur.command.hasEntrypoint, cur.command.shell = commandWords(c.ShellDependantCmdLine), true, ""
			if !cmdSet {
				cur.command.cmd = nil
			}
		case *instructions.CmdCommand:
			cur.command.cmd, cmdSet, cur.command.shell = commandWords(c.ShellDependantCmdLine), true, ""
			if c.PrependShell && !cur.command.hasEntrypoint {
				cur.command.shell = strings.Join(c.CmdLine, " ")
			}
		case *instructions.WorkdirCommand:
			if dir, known := expand(c.Path); dir != "" && known {
				cur.workdir = path.Join(cur.workdir, dir)
				if path.IsAbs(dir) {
					cur.workdir = path.Clean(dir)
				}
			}
		case *instructions.CopyCommand:
			from, _ := expand(c.From)
			if src, known := stages[strings.ToLower(from)]; c.From == "" || known {
				if c.From != "" {
					between = append(between, stageCopy(src.copies, cur, c.SourcesAndDest, expand, n0.StartLine)...)
				}
				if c.From != "" && wholeStage(c.SourcesAndDest, expand) { // its files, where it had copied them
					cur.copies = append(cur.copies, src.copies...)
					break
				}
				n := len(cur.copies)
				cur.copies = appendCopy(cur.copies, cur.workdir, c.SourcesAndDest, expand, n0.StartLine)
				if len(cur.copies) > n {
					cur.copies[n].owned = c.Chown != ""
				}
				if c.From != "" && len(cur.copies) > n {
					last := &cur.copies[n]
					last.from, last.stage = slices.Clone(src.copies), true
				}
			}
		case *instructions.AddCommand:
			cur.copies = appendCopy(cur.copies, cur.workdir, c.SourcesAndDest, expand, n0.StartLine)
		case *instructions.RunCommand:
			cur.builds = cur.builds || goBuildRun.MatchString(strings.Join(c.CmdLine, " "))
			if !c.PrependShell {
				break
			}
			if line := strings.Join(c.CmdLine, " "); goBuildRun.MatchString(line) {
				goBuilds = append(goBuilds, DockerfileRun{Line: line, Vars: maps.Clone(vars)})
			}
			for _, p := range chownedPaths(strings.Join(c.CmdLine, " ")) {
				if p, known := expand(p); known {
					cur.chowned = append(cur.chowned, inStage(cur.workdir, p))
				}
			}
		case *instructions.VolumeCommand:
			for _, v := range c.Volumes {
				if v, known := expand(v); known && v != "" {
					if !path.IsAbs(v) {
						v = path.Join(cur.workdir, v)
					}
					cur.volumes = append(cur.volumes, v)
				}
			}
		}
		if stage != "" {
			stages[stage] = cur
		}
	}
	if !from {
		return dockerfile{}
	}
	cur.between, cur.goBuilds, cur.stagesEnv, cur.images = between, goBuilds, stagesEnv, images
	return cur
}

// DockerfileRun is a shell-form RUN line of the project's Dockerfile as written, and the ARG
// defaults and ENV values set before it (an ARG without a default is not one: the build's
// --build-arg gives it).
type DockerfileRun struct {
	Line string
	Vars map[string]string
}

// DockerfileGoBuilds are the RUN lines of the project's Dockerfile (the first of dockerfiles
// with a FROM), of any stage, that run `go build` or `go install`, with the file's name: how
// its own image builds the program (wings' `go build -ldflags="-X .../system.Version=$VERSION"`).
func DockerfileGoBuilds(f Facts) (string, []DockerfileRun) {
	name, df := projectDockerfile(f)
	return name, df.goBuilds
}

// wholeStage reports a COPY --from of a stage's whole filesystem to the same place (`COPY
// --from=standard / /`): what that stage copied is where it copied it.
func wholeStage(c instructions.SourcesAndDest, expand func(string) (string, bool)) bool {
	if len(c.SourcePaths) != 1 {
		return false
	}
	src, sok := expand(c.SourcePaths[0])
	dest, dok := expand(c.DestPath)
	return sok && dok && path.Clean("/"+src) == "/" && path.Clean("/"+dest) == "/"
}

// appendCopy adds a COPY's or ADD's context sources and destination (relative to workdir) to
// copies, with the instruction's line; one whose destination has a variable without a value is
// passed over, and so are its URLs and heredocs.
func appendCopy(copies []contextCopy, workdir string, c instructions.SourcesAndDest, expand func(string) (string, bool), line int) []contextCopy {
	dest, known := expand(c.DestPath)
	if !known || dest == "" || len(c.SourcePaths) == 0 {
		return copies
	}
	cp := contextCopy{dest: path.Join(workdir, dest), dir: strings.HasSuffix(dest, "/") || len(c.SourcePaths) > 1, line: line}
	if path.IsAbs(dest) {
		cp.dest = path.Clean(dest)
	}
	for _, src := range c.SourcePaths {
		if src, known := expand(src); known && !strings.Contains(src, "://") {
			cp.sources = append(cp.sources, src)
		}
	}
	return append(copies, cp)
}

// inStage is the absolute clean path of p, a path written in a stage whose WORKDIR is workdir.
func inStage(workdir, p string) string {
	if path.IsAbs(p) {
		return path.Clean(p)
	}
	return path.Join(workdir, p)
}

// goBuildRun is a shell line running the go command's build or install.
var goBuildRun = regexp.MustCompile(`(^|[\s;&|(])go\s+(build|install)\b`)

// chownCmd is a chown of an owner (its flags before it), up to the command's end.
var chownCmd = regexp.MustCompile(`(?:^|[;&|(]\s*|\s)chown\s+((?:-\S+\s+)*)\S+\s+([^;&|()]+)`)

// chownedPaths are the plain paths a shell line gives an owner with chown (`chown 1000:1000
// /ezbookkeeping/data`), in the order written; a glob or a redirection is none.
func chownedPaths(line string) []string {
	var out []string
	for _, m := range chownCmd.FindAllStringSubmatch(line, -1) {
		for _, w := range strings.Fields(m[2]) {
			if w == "\\" {
				continue
			}
			if strings.ContainsAny(w, "*?[<>'\"`") {
				break
			}
			out = append(out, w)
		}
	}
	return out
}

// commandWords are an ENTRYPOINT's or CMD's words: the exec form's, or a shell form's when it is
// plain words (no quote, variable, redirection or operator: what /bin/sh -c would run as they
// are); nil otherwise.
func commandWords(c instructions.ShellDependantCmdLine) []string {
	if !c.PrependShell {
		return slices.Clone(c.CmdLine)
	}
	line := strings.Join(c.CmdLine, " ")
	if strings.ContainsAny(line, "\"'$`&|;<>()*?{}\\") {
		return nil
	}
	return strings.Fields(line)
}

// dockerVars are the ARG defaults and ENV values a Dockerfile has set so far; an empty value
// counts as none, so that a path made of it is passed over.
type dockerVars map[string]string

func (v dockerVars) Get(name string) (string, bool) {
	s, ok := v[name]
	return s, ok && s != ""
}

func (v dockerVars) Keys() []string { return slices.Sorted(maps.Keys(v)) }
