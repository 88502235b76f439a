package lang

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/spec"
)

// TestGivesEveryInterface: an address of every interface in the spec's env (with a port or
// without, IPv4 or IPv6), in a word of its cmd (alone or as a flag's value), or in the project's
// Dockerfile's environment; not a network that merely contains 0.0.0.0 (10.0.0.0/8), a URL, a
// loopback address, a flag whose value is the next word's business, or nothing at all.
func TestGivesEveryInterface(t *testing.T) {
	words := func(w ...string) *spec.Words { x := spec.Words(w); return &x }
	for _, c := range []struct {
		name       string
		env        spec.KeyValues
		cmd        *spec.Words
		dockerfile string
		want       bool
	}{
		{"env, IPv4 with a port", spec.KeyValues{{Key: "ADDR", Value: "0.0.0.0:8080"}}, nil, "", true},
		{"env, IPv6 without a port", spec.KeyValues{{Key: "HOST", Value: "::"}}, nil, "", true},
		{"cmd, a word of its own", nil, words("--addr", "[::]:8080"), "", true},
		{"cmd, a flag's value", nil, words("--http-addr=0.0.0.0:7700"), "", true},
		{"the project's Dockerfile", nil, nil, "FROM scratch\nENV APP_ADDR=0.0.0.0:8080\n", true},
		{"a network", spec.KeyValues{{Key: "TRUSTED", Value: "10.0.0.0/8"}}, words("--allow", "10.0.0.0/8"), "", false},
		{"a URL", spec.KeyValues{{Key: "PUBLIC_URL", Value: "http://0.0.0.0:8080/"}}, nil, "", false},
		{"loopback", spec.KeyValues{{Key: "ADDR", Value: "127.0.0.1:8080"}}, words("--addr=localhost:8080"), "", false},
		{"nothing", nil, nil, "", false},
	} {
		f := Facts{}
		if c.dockerfile != "" {
			f["Dockerfile"] = []byte(c.dockerfile)
		}
		if got := GivesEveryInterface(&spec.Spec{Env: c.env, Cmd: c.cmd}, f); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestProgramEnv: the project's Dockerfile's variables named after the program (the image
// title's first word) with a path value are set in the image when the path is in one of its
// data volumes (tinyauth's /data), and named otherwise (rustical's /var/lib/rustical), with the
// env line to write; not a value that is no path, another program's variable, one the spec or
// the runtime sets, nor for a title too short or generic to name variables.
func TestProgramEnv(t *testing.T) {
	df := "FROM scratch\nVOLUME /data\nENV TINYAUTH_DATABASE_PATH=/data/tinyauth.db TINYAUTH_USER=admin OTHER_PATH=/x\n" +
		"ENV TINYAUTH_CONFIG=/etc/tinyauth/config.yml\nENV TINYAUTH_CACHE=/var/cache/tinyauth\n"
	for _, c := range []struct {
		name, title string
		env         spec.KeyValues
		set         []string
		named       string
	}{
		{"tinyauth's", "tinyauth", nil, []string{"TINYAUTH_DATABASE_PATH=/data/tinyauth.db"},
			"Dockerfile sets TINYAUTH_CONFIG=/etc/tinyauth/config.yml, TINYAUTH_CACHE=/var/cache/tinyauth for tinyauth, which this image does not set: if tinyauth needs them, write `env: {TINYAUTH_CONFIG: \"/etc/tinyauth/config.yml\", TINYAUTH_CACHE: \"/var/cache/tinyauth\"}`"},
		{"a title with a suffix", "tinyauth-server", nil, []string{"TINYAUTH_DATABASE_PATH=/data/tinyauth.db"}, "Dockerfile sets TINYAUTH_CONFIG"},
		{"the spec's env", "tinyauth", spec.KeyValues{{Key: "TINYAUTH_DATABASE_PATH", Value: "/home/x.db"}, {Key: "TINYAUTH_CONFIG", Value: "/c"}}, nil,
			"Dockerfile sets TINYAUTH_CACHE=/var/cache/tinyauth for tinyauth"},
		{"another program", "gatus", nil, nil, ""},
		{"a generic title", "app", nil, nil, ""},
	} {
		s := &spec.Spec{Env: c.env}
		f := Facts{"Dockerfile": []byte(df)}
		tc := &Toolchain{Runtime: Runtime{Title: c.title, Workdir: AppDir}}
		tc.Runtime.DataVolumes = DataVolumes(f, AppDir, nil)
		env, notes := tc.programEnv(s, f)
		var set []string
		for _, e := range env {
			set = append(set, e.Key+"="+e.Value)
		}
		if !slices.Equal(set, c.set) {
			t.Errorf("%s: sets %q, want %q", c.name, set, c.set)
		}
		switch {
		case c.named == "" && len(notes) > 0:
			t.Errorf("%s: names %q", c.name, notes[0].Msg)
		case c.named != "" && (len(notes) != 1 || !strings.HasPrefix(notes[0].Msg, c.named)):
			t.Errorf("%s: notes %+v, want one starting %q", c.name, notes, c.named)
		}
	}
}

// TestProgramEnvPortAndMode: the program's variable of a port set to the spec's first port, and
// of its mode or environment set to production, are set in the image as its own image sets them
// (slash's SLASH_PORT=5231, SLASH_MODE=prod); not a port the spec does not listen on, another
// mode, nor another program's.
func TestProgramEnvPortAndMode(t *testing.T) {
	df := "FROM alpine\nENV SLASH_MODE=\"prod\" SLASH_PORT=\"5231\" SLASH_DB_PORT=5432 SLASH_LOG_MODE=verbose OTHER_MODE=prod\n"
	for _, c := range []struct {
		spec string
		set  []string
	}{
		{"ports: [5231]\n", []string{"SLASH_MODE=prod", "SLASH_PORT=5231"}},
		{"ports: [8080]\n", []string{"SLASH_MODE=prod"}},
		{"ports: [5231]\nenv: {SLASH_MODE: dev}\n", []string{"SLASH_PORT=5231"}},
	} {
		s, err := spec.Parse("Dockerfile", []byte("language: go\n"+c.spec))
		if err != nil {
			t.Fatal(err)
		}
		tc := &Toolchain{Runtime: Runtime{Title: "slash", Workdir: AppDir}}
		env, _ := tc.programEnv(s, Facts{"Dockerfile": []byte(df)})
		var set []string
		for _, e := range env {
			set = append(set, e.Key+"="+e.Value)
		}
		if !slices.Equal(set, c.set) {
			t.Errorf("%s: sets %q, want %q", c.spec, set, c.set)
		}
	}
}
