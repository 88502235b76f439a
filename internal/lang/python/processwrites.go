package python

import (
	"cmp"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/procs"
	"github.com/org/multistage-frontend/spec"
)

// A project's processes (the spec's `processes`, else its Procfile) often name files the
// process writes, relative to the working directory, which is /app and root's in the image:
// fastapi-celery's worker runs `celery -A worker.celery worker --logfile=logs/celery.log`, and
// Celery's beat keeps its schedule in `celerybeat-schedule` in the working directory unless
// `--schedule` says where (or `--scheduler` keeps it elsewhere: django-celery-beat's database).
// Celery, gunicorn and dramatiq open those files at start, so the process dies on a
// PermissionError as the image's user. A file's directory below /app is the runtime user's; a
// file directly in /app makes /app take new files from the user (SharedWorkdir); a directory
// outside /app (`--logfile=/var/log/celery/worker.log`) is made, empty, the runtime user's
// (DataVolumes), but a system directory's (/run, /etc; lang.SystemDir) or one the user writes
// already (/tmp, its home). `-` (the standard stream) and a path from a variable are not followed.

// fileOptions are the options of a process's program whose value is a file it writes at start.
var fileOptions = map[string][]string{
	"celery":   {"-f", "--logfile", "--pidfile", "-s", "--schedule"},
	"gunicorn": {"--access-logfile", "--error-logfile", "--log-file", "--pid", "-p"},
	"dramatiq": {"--log-file", "--pid-file"},
}

// celerySchedule is the file Celery's beat writes its schedule to by default, in its working
// directory.
const celerySchedule = "celerybeat-schedule"

// processCommands are the command lines of the spec's processes, else of the Procfile's lines.
func processCommands(s *spec.Spec, f lang.Facts) []string {
	var out []string
	if s.Processes != nil {
		for _, pr := range s.Processes {
			out = append(out, strings.Join(pr.Command, " "))
		}
		return out
	}
	for line := range strings.Lines(f.Text(procs.Procfile)) { // name: command
		if _, cmd, ok := strings.Cut(line, ":"); ok && !strings.HasPrefix(strings.TrimSpace(line), "#") {
			out = append(out, strings.TrimSpace(cmd))
		}
	}
	return out
}

// processWrites are the directories below the working directory that the processes' commands
// name files in (fileOptions), sorted, the program of the first (from), why the working
// directory itself takes files from the runtime user ("" when it need not), and the absolute
// directories outside it, each with the option that names a file there.
func processWrites(s *spec.Spec, f lang.Facts, home string) (dirs []string, from, shared string, outside []lang.Volume) {
	for _, cmd := range processCommands(s, f) {
		for _, seg := range shellSeparators.Split(cmd, -1) {
			words := strings.Fields(seg)
			prog := -1
			for i, w := range words {
				base := path.Base(w)
				if _, ok := fileOptions[base]; ok && (i == 0 || !strings.HasPrefix(w, "-")) {
					prog = i
					break
				}
			}
			if prog < 0 {
				continue
			}
			name := path.Base(words[prog])
			args := words[prog+1:]
			for _, opt := range fileOptions[name] {
				for _, file := range optionValues(args, []string{opt}) {
					if !path.IsAbs(file) || strings.ContainsAny(file, "$`") {
						continue
					}
					if dir, ok := lang.OwnedDir(path.Dir(file), home); ok && path.IsAbs(dir) && !lang.SystemDir(dir) &&
						!lang.HasVolume(outside, dir) {
						outside = append(outside, lang.Volume{Dir: dir, From: "the " + name + " process's " + opt + " " + file, Written: true})
					}
				}
			}
			for _, file := range optionValues(args, fileOptions[name]) {
				if file == "-" || strings.ContainsAny(file, "$`") || path.IsAbs(file) {
					continue
				}
				rel, ok := lang.CleanRelPath(file)
				if !ok {
					continue
				}
				rel = strings.TrimPrefix(rel, "./")
				if dir := path.Dir(rel); dir != "." {
					dirs = lang.AppendNew(dirs, dir)
					from = cmp.Or(from, name)
				} else if shared == "" {
					shared = "the " + name + " process's " + rel
				}
			}
			beat := slices.Contains(args, "beat") || slices.Contains(args, "-B") || slices.Contains(args, "--beat")
			if name == "celery" && beat && shared == "" && len(optionValues(args, []string{"-s", "--schedule", "-S", "--scheduler"})) == 0 &&
				!slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "-s") || strings.HasPrefix(a, "-S") }) {
				shared = "Celery beat's schedule file " + celerySchedule + ", which it keeps in its working directory without --schedule"
			}
		}
	}
	slices.Sort(dirs)
	return dirs, from, shared, outside
}

// optionValues are the values args give the options named (`--logfile=x`, `--logfile x`).
func optionValues(args, names []string) []string {
	var out []string
	for i, a := range args {
		for _, n := range names {
			if v, ok := strings.CutPrefix(a, n+"="); ok && strings.HasPrefix(n, "--") {
				out = append(out, v)
			} else if a == n && i+1 < len(args) {
				out = append(out, args[i+1])
			}
		}
	}
	return out
}
