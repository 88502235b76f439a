package lang

import (
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// The runtime's user: which it is, its home, and how a base without one gets distroless's
// nonroot.

// NonRoot is the default runtime user: distroless's nonroot, numeric so that Kubernetes'
// runAsNonRoot can verify it without reading /etc/passwd.
const NonRoot = "65532:65532"

// nonRootHome is NonRoot's home, as distroless :nonroot has it (owned by the user, and the
// image's working directory).
const nonRootHome = "/home/nonroot"

// User is the user the image runs as: the spec's, else the runtime alias's default.
func (r Runtime) User(s *spec.Spec) string {
	_, alias := r.RuntimeImage(s)
	return r.user(s, alias)
}

// Home is the runtime user's home where the user can write: distroless :nonroot's
// /home/nonroot, the one the runtime stage makes for NonRoot (scratch, AddUser's bases), the
// image's for an alias's own user (Homes), root's /root; "" when it is not known (a user the
// spec names on a base that has no home for it, an image of the spec's own but a :nonroot one).
func (r Runtime) Home(s *spec.Spec) string {
	image, alias := r.RuntimeImage(s)
	user := r.user(s, alias)
	switch {
	case isRoot(user):
		return "/root"
	case r.madeHome(image, alias, user) != "":
		return nonRootHome
	case alias != "" && user == r.Users[alias]:
		return r.Homes[alias]
	case isNonRoot(user) && strings.HasSuffix(image, ":nonroot"):
		return nonRootHome
	}
	return ""
}

// madeHome is the user's home when the runtime stage makes it (NonRoot's, on scratch and on
// AddUser's bases), "" when it does not.
func (r Runtime) madeHome(image, alias, user string) string {
	if isNonRoot(user) && (image == "" || slices.Contains(r.AddUser, alias)) {
		return nonRootHome
	}
	return ""
}

func (r Runtime) user(s *spec.Spec, alias string) string {
	if s.User != "" {
		return s.User
	}
	if u, ok := r.Users[alias]; ok {
		return u
	}
	return NonRoot
}

// isNonRoot reports NonRoot's uid, with or without its group ("65532", "65532:65532").
func isNonRoot(user string) bool {
	uid, _, _ := strings.Cut(user, ":")
	return uid == "65532"
}

// isRoot reports root, by name or uid: the owner of every base's working directory.
func isRoot(user string) bool {
	uid, _, _ := strings.Cut(user, ":")
	return uid == "root" || (uid != "" && strings.Trim(uid, "0") == "")
}

// ownWorkdir makes the working directory of a user that is neither root nor NonRoot, owned by
// it when numeric, else writable by every user with the sticky bit (a name cannot be resolved
// before the image runs), as /tmp is.
func ownWorkdir(s *spec.Spec, user, workdir string) *plan.Mkdir {
	mk := &plan.Mkdir{Origin: plan.Origin{Field: FirstField(s, "user", "language")}, Path: workdir, Mode: 0o750, Chown: user}
	if !numericUser(user) {
		mk.Mode, mk.Chown = 0o1777, ""
	}
	return mk
}

// scratchUserSteps give an empty image what a non-root program expects: /etc/passwd and
// /etc/group naming nonroot, a home, a writable /tmp and the CA bundle for TLS.
func scratchUserSteps(caStage, field string) []plan.Step {
	o := plan.Origin{Field: field}
	steps := []plan.Step{
		&plan.WriteFile{Origin: o, Display: "/etc/passwd /etc/group (nonroot 65532)", Files: []plan.File{
			{Path: "/etc/passwd", Mode: 0o644, Data: "root:x:0:0:root:/root:/sbin/nologin\n" +
				"nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n" +
				"nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n"},
			{Path: "/etc/group", Mode: 0o644, Data: "root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n"},
		}},
		&plan.Mkdir{Origin: o, Path: nonRootHome, Mode: 0o750, Chown: NonRoot},
		&plan.Mkdir{Origin: o, Path: "/tmp", Mode: 0o1777},
	}
	if caStage != "" {
		steps = append(steps, &plan.Copy{Origin: o, FromStage: caStage,
			Paths: []string{"/etc/ssl/certs/ca-certificates.crt"}, Dest: "/etc/ssl/certs/ca-certificates.crt"})
	}
	return steps
}

// passwdStage adds nonroot to the runtime base's /etc/passwd and /etc/group on the build platform,
// reading the base's files through a read-only mount: nothing runs on the target platform.
func passwdStage(builderImage, field string) *plan.Stage {
	script := strings.Join([]string{
		"set -eu",
		"mkdir -p /out/etc",
		"cp /base/etc/passwd /base/etc/group /out/etc/",
		"grep -q '^nonroot:' /out/etc/passwd || echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >> /out/etc/passwd",
		"grep -q '^nonroot:' /out/etc/group || echo 'nonroot:x:65532:' >> /out/etc/group",
	}, "\n")
	return &plan.Stage{
		Name:          "runtime-user",
		Internal:      true,
		Description:   "add the nonroot user to the runtime base's /etc/passwd",
		Base:          plan.Base{Image: builderImage},
		BuildPlatform: true,
		Field:         field,
		Steps: []plan.Step{&plan.Run{
			Origin:    plan.Origin{Field: field},
			Args:      []string{"/bin/sh", "-c", script},
			Display:   "add user nonroot (65532) to the runtime base's /etc/passwd",
			NoNetwork: true,
			Mounts:    []plan.Mount{{Type: plan.MountBind, FromStage: "runtime-base", Source: "/etc", Target: "/base/etc"}},
		}},
	}
}
