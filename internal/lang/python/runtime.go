package python

import (
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// The distroless Python is Debian 12's, at another path than the python images' /usr/local/bin.
const (
	distrolessImage       = "gcr.io/distroless/python3-debian12:nonroot"
	distrolessInterpreter = "/usr/bin/python3.11"
	distrolessVersion     = "3.11"
)

// bases are the images a spec builds on, derived from its runtime.
type bases struct {
	runtime lang.Runtime
	// image is the runtime image ("" never: scratch is refused), alias its name ("" for a reference).
	image, alias string
	// builder is the builder image: the same distribution (and libc) as the runtime, so that
	// compiled extensions built in it load at run time.
	builder string
	// interpreter, when set, is the runtime's Python: the venv is pointed at it (see venvStage).
	interpreter string
}

func basesFor(s *spec.Spec, version, from string) (bases, error) {
	b := bases{runtime: lang.Runtime{
		Aliases: map[string]string{
			"slim":       "python:" + version + "-slim",
			"distroless": distrolessImage,
			"alpine":     "python:" + version + "-alpine",
			"scratch":    "",
		},
		Default: "slim",
		Shells:  []string{"slim", "alpine"},
		AddUser: []string{"slim", "alpine"},
	}}
	b.image, b.alias = b.runtime.RuntimeImage(s)
	field := lang.FirstField(s, "runtime", "language")
	switch b.alias {
	case "scratch":
		return b, lang.FieldError(s, field, "use slim (the default), distroless or alpine",
			"a Python program needs an interpreter, and the scratch runtime has none")
	case "distroless":
		if version != distrolessVersion && !strings.HasPrefix(version, distrolessVersion+".") {
			if from != "" && s.Version == "" { // the error is at the spec's `version` otherwise
				from = " (" + from + ")"
			} else {
				from = ""
			}
			return b, lang.FieldError(s, lang.FirstField(s, "version", "runtime"), "use `version: 3.11` or the slim runtime",
				"the distroless runtime (python3-debian12) has Python %s, not %s%s", distrolessVersion, version, from)
		}
		b.builder, b.interpreter = "python:"+version+"-bookworm", distrolessInterpreter
	case "alpine":
		b.builder = "python:" + version + "-alpine" // musl: glibc wheels would not load
	default:
		b.builder = "python:" + version
	}
	if s.Build.Image != "" {
		b.builder = s.Build.Image
	}
	return b, nil
}

// venvStage points the venv at the runtime's interpreter when it lives elsewhere than the
// builder's (distroless: /usr/bin/python3.11, python images: /usr/local/bin/python). A venv is
// its bin/python links and pyvenv.cfg's home; site-packages is the same for one minor version.
// It runs on the build platform, without network, on a copy: builder and tester keep theirs.
func venvStage(b bases, field, from string) *plan.Stage {
	script := strings.Join([]string{
		`set -eu`,
		`py=$1`,
		`for l in ` + venvDir + `/bin/python*; do if [ -L "$l" ]; then ln -sfn "$py" "$l"; fi; done`,
		`sed -i -e "s|^home = .*|home = ${py%/*}|" -e "s|^executable = .*|executable = $py|" -e "/^command = /d" ` + venvDir + `/pyvenv.cfg`,
	}, "\n")
	return &plan.Stage{
		Name:          "runtime-venv",
		Internal:      true,
		Description:   "the venv pointed at the runtime's Python, " + b.interpreter,
		Base:          plan.Base{Stage: from},
		BuildPlatform: true,
		Field:         field,
		Steps: []plan.Step{&plan.Run{Origin: plan.Origin{Field: field},
			Args:      []string{"/bin/sh", "-c", script, "sh", b.interpreter},
			Display:   "point " + venvDir + " at " + b.interpreter,
			NoNetwork: true,
		}},
	}
}
