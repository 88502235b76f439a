package deno

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// defaultPermissions are what a server needs when nothing says otherwise: to listen and
// connect, to read its configuration from the environment, and to read its own files. They
// are the flags the official image's README runs its example with; no write, run, ffi or sys.
var defaultPermissions = []string{"--allow-net", "--allow-env", "--allow-read"}

// permissionFlag is a Deno permission flag: allow or deny one kind, optionally for a list of
// hosts, paths or names; -A (every permission); -P (the config's permission set); --no-prompt.
var permissionFlag = regexp.MustCompile(`^(-A|--allow-all|-P|--permission-set(=[A-Za-z0-9_-]+)?|--no-prompt|` +
	`-[RWNESI](=[A-Za-z0-9@._:/,*+\[\]-]+)?|` +
	`--(allow|deny)-(read|write|net|env|sys|run|ffi|import)(=[A-Za-z0-9@._:/,*+\[\]-]+)?|--allow-hrtime)$`)

// permissions are the program's permission flags, and where they come from: the spec's, else
// the start task's, else the config's default set (-P), else defaultPermissions.
func permissions(s *spec.Spec, c config, e entry) ([]string, string, error) {
	switch {
	case s.Permissions != nil:
		for i, p := range *s.Permissions {
			if !permissionFlag.MatchString(p) {
				return nil, "", lang.FieldError(s, fmt.Sprintf("permissions[%d]", i),
					"write Deno permission flags, e.g. --allow-net, --allow-env=PORT, --allow-read=/app",
					"%q is not a Deno permission flag", p)
			}
		}
		return slices.Clone(*s.Permissions), "the spec's `permissions`", nil
	case e.FromTask:
		return e.Perms, e.From, nil
	case c.Permissions:
		return []string{"-P"}, c.File + "'s default permission set", nil
	}
	return slices.Clone(defaultPermissions), defaultFrom, nil
}

// defaultFrom says the permissions are defaultPermissions.
const defaultFrom = "the default for a server"

// writePermission is the --allow-write the default permissions add for the directories the
// image lets the program write (workdir, when it writes a file directly there, and the spec's
// `writable`): without it a write the image makes room for fails all the same, Deno refusing
// it (`Deno.openKv("./kv.db")`: NotCapable, seen with Deno 2.9.6). nil when there are none.
func writePermission(s *spec.Spec, workdir string, shared bool) []string {
	var dirs []string
	if shared {
		dirs = append(dirs, workdir)
	}
	for _, w := range s.Writable {
		if d := path.Join(workdir, w); !shared && !slices.Contains(dirs, d) {
			dirs = append(dirs, d)
		}
	}
	if len(dirs) == 0 || !permissionFlag.MatchString("--allow-write="+strings.Join(dirs, ",")) {
		return nil
	}
	return []string{"--allow-write=" + strings.Join(dirs, ",")}
}

// allowAllNote warns when the program gets every permission.
func allowAllNote(s *spec.Spec, perms []string, from string) []plan.Note {
	if !slices.Contains(perms, "-A") && !slices.Contains(perms, "--allow-all") {
		return nil
	}
	note := rules.AllPermissions.Note(lang.FirstField(s, "permissions", "entrypoint", "language"), rules.AllPermissions.Format(from))
	return append([]plan.Note(nil), note)
}
