package lang

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/plan"
)

// TestReadDockerfileTwice: the Dockerfile read last is kept, and what a reading returns is the
// caller's to change: a second reading of the same file gives what the first gave.
func TestReadDockerfileTwice(t *testing.T) {
	data := []byte("FROM alpine\nWORKDIR /srv\nENV HOST=0.0.0.0 MODE=prod\nVOLUME data\n")
	first := readDockerfile(data)
	first.env[0] = plan.Env{Key: "CHANGED"}
	first.volumes[0] = "/changed"
	second := readDockerfile(data)
	if !slices.Equal(second.env, []plan.Env{{Key: "HOST", Value: "0.0.0.0"}, {Key: "MODE", Value: "prod"}}) || !slices.Equal(second.volumes, []string{"/srv/data"}) {
		t.Errorf("second reading: env %v, volumes %v", second.env, second.volumes)
	}
	if vars := DockerfileListenVars(Facts{"Dockerfile": data}); len(vars) != 1 || vars[0].Key != "HOST" {
		t.Errorf("listen vars %v", vars)
	}
	if again := readDockerfile(data); len(again.env) != 2 {
		t.Errorf("a reading after DockerfileListenVars: env %v", again.env)
	}
}
