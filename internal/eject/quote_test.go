package eject

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/frontend/dockerfile/shell"
)

// tricky are values that break naive quoting.
var tricky = []string{"plain", "", "two words", "tab\there", `dq"uote`, "sq'uote", `back\slash`, `trailing\`,
	"$HOME", "${HOME}", "$(id)", "`id`", "a;b&&c|d", "*.go", "?[a]", "~root", "-ldflags=-s -w", "k=v w",
	"new\nline", "ünïcode ✓", "#comment", "<<EOF", "!", "{x,y}", "%s"}

// expect is graph.expand: ${NAME} for known names, everything else as written.
func expect(s string, vars map[string]string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		if v, ok := vars[s[i+2:i+j]]; ok {
			b.WriteString(v)
		} else {
			b.WriteString(s[i : i+j+1])
		}
		s = s[i+j+1:]
	}
	return b.String() + s
}

var vars = map[string]string{"TARGETOS": "linux", "TARGETARCH": "arm64", "VERSION": "1.2 beta"}

func isVar(name string) bool { _, ok := vars[name]; return ok }

func sh(t *testing.T, script string, env ...string) string {
	t.Helper()
	cmd := exec.Command("/bin/sh", "-c", script)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("sh -c %q: %v\n%s", script, err, out)
	}
	return string(out)
}

// TestShellWordsSurviveTheShell: each argument reaches the program as written.
func TestShellWordsSurviveTheShell(t *testing.T) {
	args := append([]string{"printf", `%s\000`}, tricky...)
	out := sh(t, shellCommand(args))
	got := strings.Split(strings.TrimSuffix(out, "\x00"), "\x00")
	if !slices.Equal(got, tricky) {
		t.Errorf("%s\nprinted %q\nwant    %q", shellCommand(args), got, tricky)
	}
	if got := shellCommand([]string{"go", "build", "-trimpath", "-ldflags=-s -w", "-o", "/out/server", "./cmd/server"}); got != `go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server` {
		t.Errorf("reads %s", got)
	}
	for _, first := range []string{"A=b", "if", "!"} {
		if got := shellCommand([]string{first, "x"}); !strings.HasPrefix(got, "'"+first+"' ") {
			t.Errorf("first word %q written %s: the shell would not run it", first, got)
		}
	}
}

// TestShellAssignmentsExpandOnlyKnownNames: KEY=value gives the variable graph.expand's value,
// with the ARGs (TARGETOS, build args) in the environment as a RUN has them.
func TestShellAssignmentsExpandOnlyKnownNames(t *testing.T) {
	values := append([]string{"${TARGETOS}", "${TARGETOS}/${TARGETARCH}", "-X main.v=${VERSION}", "${UNKNOWN}", "$TARGETOS", "${TARGETOS"}, tricky...)
	env := []string{"TARGETOS=linux", "TARGETARCH=arm64", "VERSION=1.2 beta", "HOME=/root", "UNKNOWN=set"}
	for _, v := range values {
		script := shellAssign("V", v, isVar) + `; printf %s "$V"`
		if got, want := sh(t, script, env...), expect(v, vars); got != want {
			t.Errorf("%q: %s gives %q, want %q", v, script, got, want)
		}
	}
	for _, v := range values {
		script := "export " + exportAssign("V", v, isVar) + ` W=1; printf %s "$V"`
		if got, want := sh(t, script, env...), expect(v, vars); got != want {
			t.Errorf("%q: %s gives %q, want %q", v, script, got, want)
		}
	}
	if got := shellAssign("GOOS", "${TARGETOS}", isVar); got != "GOOS=${TARGETOS}" {
		t.Errorf("reads %s", got)
	}
}

// TestDockerfileValuesExpandOnlyKnownNames: ENV/LABEL/ARG values and literal COPY paths, read by
// BuildKit's own shell lexer, give what the graph would.
func TestDockerfileValuesExpandOnlyKnownNames(t *testing.T) {
	lex := shell.NewLex('\\')
	env := shell.EnvsFromSlice([]string{"TARGETOS=linux", "TARGETARCH=arm64", "VERSION=1.2 beta", "HOME=/root", "UNKNOWN=set"})
	for _, v := range append([]string{"${TARGETOS}-${VERSION}", "${UNKNOWN}", "$HOME"}, tricky...) {
		got, _, err := lex.ProcessWord(dfValue(v, isVar), env)
		if err != nil || got != expect(v, vars) {
			t.Errorf("%q: %s gives %q (%v), want %q", v, dfValue(v, isVar), got, err, expect(v, vars))
		}
		got, _, err = lex.ProcessWord(dfLiteral(v), env)
		if err != nil || got != v {
			t.Errorf("%q: literal %s gives %q (%v)", v, dfLiteral(v), got, err)
		}
	}
}

func TestJSONListKeepsEveryString(t *testing.T) {
	if got := jsonList([]string{"/bin/app", "<a & b>", `"q"`}); got != `["/bin/app", "<a & b>", "\"q\""]` {
		t.Errorf("json %s", got)
	}
	if got := jsonList([]string{}); got != "[]" {
		t.Errorf("empty list %s", got)
	}
}

// TestInlinedArgumentsRunTheSame: `/bin/sh -c 'SCRIPT "$@"' sh ARGS` and the script with the
// arguments written in give the same output, and scripts that read their arguments another way
// are left alone.
func TestInlinedArgumentsRunTheSame(t *testing.T) {
	args := append([]string{"two words", "$HOME", "a\"b"}, tricky[:8]...)
	for _, script := range []string{
		`printf '[%s]' "$@"`,
		`printf '[%s]' "$@" && printf '(%s)' "$@" || echo never`,
	} {
		full := append([]string{"/bin/sh", "-c", script, "sh"}, args...)
		inlined, ok := inlineArgs(full)
		if !ok {
			t.Fatalf("%q not inlined", script)
		}
		cmd := exec.Command(full[0], full[1:]...)
		want, err := cmd.Output()
		if err != nil {
			t.Fatal(err)
		}
		if got := sh(t, inlined); got != string(want) {
			t.Errorf("%s\nprints %q, want %q", inlined, got, want)
		}
	}
	for _, script := range []string{`echo "$1"`, `echo "$@" $#`, `shift; echo "$@"`, `f() { echo "$@"; }; f x "$@"`,
		`set -- a; echo "$@"`, `echo $*`, `echo "$0" "$@"`, `echo ${1}`} {
		if got, ok := inlineArgs([]string{"/bin/sh", "-c", script, "sh", "x"}); ok {
			t.Errorf("%q inlined as %q", script, got)
		}
	}
	if _, ok := inlineArgs([]string{"/bin/sh", "-c", `echo "$@"`, "sh", "new\nline"}); ok {
		t.Error("an argument with a newline was inlined")
	}
}

// TestExpandedArgumentsStayOneWord: an argument with ${NAME} references (a step with
// ExpandArgs) reaches the program as graph.expand gives it, one word whatever the value holds.
func TestExpandedArgumentsStayOneWord(t *testing.T) {
	values := append([]string{"-ldflags=-s -w -X main.version=${VERSION}", "${VERSION}", "-X=${UNKNOWN}", "${VERSION}-$HOME-${TARGETARCH}"}, tricky...)
	args := append([]string{"printf", `%s\000`}, values...)
	env := []string{"TARGETOS=linux", "TARGETARCH=arm64", "VERSION=1.2 beta", "HOME=/root", "UNKNOWN=set"}
	script := shellCommandRefs(args, isVar)
	got := strings.Split(strings.TrimSuffix(sh(t, script, env...), "\x00"), "\x00")
	for i, v := range values {
		if want := expect(v, vars); i >= len(got) || got[i] != want {
			t.Errorf("%q: %s gives %q, want %q", v, script, got, want)
			break
		}
	}
	for _, hostile := range []string{`"; id; "`, "$(id)", "`id`", `\`, "a\nb"} {
		out := sh(t, shellCommandRefs([]string{"printf", "%s", "v=${VERSION}"}, isVar), "VERSION="+hostile)
		if out != "v="+hostile {
			t.Errorf("VERSION=%q printed %q", hostile, out)
		}
	}
	if got := shellCommandRefs([]string{"go", "build", "-ldflags=-s -w -X main.version=${VERSION}", "."}, isVar); got != `go build -ldflags="-s -w -X main.version=${VERSION}" .` {
		t.Errorf("reads %s", got)
	}
}
