package lang

import (
	"path"
	"slices"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
)

// What the project's own Dockerfile copies where: between its stages (a UI's output into the
// directory its server embeds) and into its last stage's working directory, as context paths.

// DockerfileCopy is a directory the project's Dockerfile copies from one of its stages into
// another (`COPY --from=frontend-builder /app/.output/public ./app/api/static/public`), both as
// paths of the context: where the first stage had copied the context's directory
// (frontend/.output/public, /app being `COPY frontend .`), and where the second had
// (backend/app/api/static/public, its WORKDIR /go/src/app being `COPY ./backend .`). Line is the
// COPY's line.
type DockerfileCopy struct {
	Src, Dest string
	Line      int
}

// DockerfileCopies are the copies between stages of the project's Dockerfile (the first of
// dockerfiles with a FROM) whose two ends are known directories of the context, with the
// file's name: what a project's image build puts where its own build reads it (a UI's output
// into the directory its Go server embeds).
func DockerfileCopies(f Facts) (string, []DockerfileCopy) {
	name, df := projectDockerfile(f)
	return name, df.between
}

// ImageFile is a path the last stage of the project's Dockerfile copies into or below its
// working directory: the context path Src (a stage's output when Built, as DockerfileCopies
// finds it), Dest relative to the working directory, and the copy's Line.
type ImageFile struct {
	Src, Dest string
	Line      int
	Built     bool
}

// DockerfileImage is what the last stage of the project's Dockerfile (the first of dockerfiles
// with a FROM) puts beside its program in its working directory, with the file's name: the
// context paths it copies there (ezbookkeeping's `COPY conf /ezbookkeeping/conf` in WORKDIR
// /ezbookkeeping), those it copies there from another stage (`COPY --from=fe-builder
// .../dist /ezbookkeeping/public`), and the directories below it a RUN gives an owner
// (`chown 1000:1000 /ezbookkeeping/data`), relative to it. What the stages it starts from
// (`FROM <stage>`) or copies whole (`COPY --from=<stage> / /`) copied counts as its own. The
// whole context and a glob are left out, and so is a last stage that builds the program (a
// golang image, a `go build`): its copies are the source. In a working directory of / (casdoor's
// `COPY --from=BACK /go/src/casdoor/conf/app.conf ./conf/app.conf` in WORKDIR /), where start
// scripts and binaries sit and RUNs own system paths, only what lands in a directory of it is
// taken (conf/app.conf, swagger, web/build; not /docker-entrypoint.sh), and no chowned path.
func DockerfileImage(f Facts) (name string, files []ImageFile, chowned []string) {
	name, df := projectDockerfile(f)
	if df.workdir == "" || df.builds {
		return name, nil, nil
	}
	if df.workdir == "/" {
		for _, i := range imageFiles(df) {
			top := !strings.Contains(i.Dest, "/")
			if i.Dest != "" && (!top || !strings.Contains(path.Base(i.Src), ".") && !strings.Contains(i.Dest, ".")) {
				files = append(files, i)
			}
		}
		return name, files, nil
	}
	files = imageFiles(df)
	for _, p := range df.chowned {
		if rel, in := strings.CutPrefix(p, df.workdir+"/"); in && !slices.Contains(chowned, rel) {
			chowned = append(chowned, rel)
		}
	}
	return name, files, chowned
}

// DockerfileFiles are the context files the last stage of the project's Dockerfile (the first
// of dockerfiles with a FROM) copies one by one, to any path of its image: Src the context path,
// Dest the absolute path in the image, Line the copy's, with the file's name (prometheus' `COPY
// documentation/examples/prometheus.yml /etc/prometheus/prometheus.yml`, which its CMD passes as
// --config.file); one into a directory lands there by its name. A copy of several sources, from
// another stage or of a glob is left out, and so is a last stage that builds the program (its copies are the source).
func DockerfileFiles(f Facts) (string, []ImageFile) {
	name, df := projectDockerfile(f)
	if df.workdir == "" || df.builds {
		return name, nil
	}
	var out []ImageFile
	for _, cp := range df.copies {
		if i, ok := contextFile(cp); ok {
			out = append(out, i)
		}
	}
	return name, out
}

// DockerfileOwnedDirs are the directories the project's Dockerfile's last stage gives its user
// below its working directory by copying a context directory's contents there with --chown
// (rauthy's `COPY --chown=$TARGET_USER ./out/empty/ ./data`, an empty directory its release
// script makes, where the program keeps its data): Src the context directory, Dest the path
// below the working directory, with the file's name; none for a stage that builds the program
// (its copies are the source), or a working directory of /.
func DockerfileOwnedDirs(f Facts) (string, []ImageFile) {
	name, df := projectDockerfile(f)
	if df.workdir == "" || df.workdir == "/" || df.builds {
		return name, nil
	}
	below := df.workdir + "/"
	var out []ImageFile
	for _, cp := range df.copies {
		if !cp.owned || cp.stage || len(cp.sources) != 1 || !strings.HasSuffix(cp.sources[0], "/") || strings.ContainsAny(cp.sources[0], "*?[$") {
			continue
		}
		src, ok := ContextPath(path.Clean(cp.sources[0]))
		rel, in := strings.CutPrefix(cp.dest, below)
		if !ok || !in || rel == "" || strings.Contains(path.Base(rel), ".") {
			continue
		}
		out = append(out, ImageFile{Src: src, Dest: rel, Line: cp.line})
	}
	return name, out
}

// imageFiles are the context paths and stages' outputs the stage df copies below its working
// directory (DockerfileImage).
func imageFiles(df dockerfile) (files []ImageFile) {
	below := strings.TrimSuffix(df.workdir, "/") + "/"
	for _, cp := range df.copies {
		if !cp.stage {
			if i, ok := contextFile(cp); ok {
				if rel, in := strings.CutPrefix(i.Dest, below); in {
					i.Dest = rel
					files = append(files, i)
				}
			}
			continue
		}
		src, one := oneSource(cp)
		if !one {
			continue
		}
		s, ok := dirSource(cp.from, path.Join("/", src), 0)
		if rel, in := strings.CutPrefix(cp.dest, below); ok && in {
			files = append(files, ImageFile{Src: s, Dest: rel, Line: cp.line, Built: true})
		}
	}
	return files
}

// oneSource is the source of a copy of one path that is not a glob, cleaned.
func oneSource(cp contextCopy) (string, bool) {
	if len(cp.sources) != 1 || strings.ContainsAny(cp.sources[0], "*?[") {
		return "", false
	}
	return path.Clean(cp.sources[0]), true
}

// contextFile is a copy of one context path (not a stage's, not a glob) as an ImageFile whose
// Dest is absolute: a file into a directory lands there by its name, a directory's contents
// land in it.
func contextFile(cp contextCopy) (ImageFile, bool) {
	src, one := oneSource(cp)
	if cp.stage || !one {
		return ImageFile{}, false
	}
	c, ok := ContextPath(src)
	if !ok {
		return ImageFile{}, false
	}
	dest := cp.dest
	if cp.dir && strings.Contains(path.Base(c), ".") {
		dest = path.Join(dest, path.Base(c))
	}
	return ImageFile{Src: c, Dest: dest, Line: cp.line}, true
}

// stageCopy is the DockerfileCopy of a COPY --from of one directory of a stage whose copies
// are from into the stage cur, at line: its two ends as the context paths they were copied from
// (the last copy at each first, copySources); none when either end is not known so.
func stageCopy(from []contextCopy, cur dockerfile, c instructions.SourcesAndDest, expand func(string) (string, bool), line int) []DockerfileCopy {
	dest, known := expand(c.DestPath)
	if !known || dest == "" || len(c.SourcePaths) != 1 {
		return nil
	}
	src, known := expand(c.SourcePaths[0])
	if !known || strings.ContainsAny(src, "*?[") {
		return nil
	}
	if !path.IsAbs(dest) {
		dest = path.Join(cur.workdir, dest)
	}
	s, sok := dirSource(from, path.Join("/", src), 0)
	d, dok := dirSource(cur.copies, path.Clean(dest), 0)
	if !sok || !dok {
		return nil
	}
	return []DockerfileCopy{{Src: s, Dest: d, Line: line}}
}

// dirSource is the context directory the directory p (absolute) of a stage holds, by the last
// of its copies at or above p: a directory's contents copied there (a source whose name holds
// no dot: `COPY frontend .`, `COPY . .`), through a copy from an earlier stage that stage's
// (depth bounds the chain). A file copied there (`COPY frontend/package.json ./`) holds no
// directory, so an earlier copy is looked at; false when the copy is of several directories or
// no copy is known.
func dirSource(copies []contextCopy, p string, depth int) (string, bool) {
	for _, cp := range slices.Backward(copies) {
		dest := strings.TrimSuffix(cp.dest, "/")
		rel, ok := strings.CutPrefix(p, dest)
		if !ok || rel != "" && !strings.HasPrefix(rel, "/") {
			continue
		}
		var dirs []string
		for _, src := range cp.sources {
			if c := path.Clean(src); c == "." || !strings.Contains(path.Base(c), ".") {
				dirs = append(dirs, c)
			}
		}
		if len(dirs) == 0 && len(cp.sources) > 0 {
			continue // files: what p holds was put there before
		}
		if len(dirs) != 1 || strings.ContainsAny(dirs[0], "*?[") {
			return "", false
		}
		at := path.Join(dirs[0], rel)
		if cp.stage {
			if depth >= 8 {
				return "", false
			}
			return dirSource(cp.from, path.Join("/", at), depth+1)
		}
		return RelPath(strings.TrimPrefix(path.Clean("/"+at), "/"))
	}
	return "", false
}
