package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoSecretOrCredentialReachesAnyImage: a dependency step that can only succeed by using a
// secret (pip's index URL, with a password in it, comes from `--secret ... env=PIP_INDEX_URL`),
// plus a mirror build arg and a proxy build arg that carry credentials. Every layer, the config
// and the history of the runtime image, and of the builder and tester stages exported as images,
// are searched for those bytes: none may be there.
func TestNoSecretOrCredentialReachesAnyImage(t *testing.T) {
	need(t)
	dir := copyDir(t, filepath.Join(repoRoot(t), "examples", "python"))
	writeFile(t, filepath.Join(dir, "Dockerfile"), "# syntax=org/multistage-frontend\nlanguage: python\nentrypoint: greeter\n"+
		"build:\n  secrets: [{id: index, env: PIP_INDEX_URL, required: true}]\n")
	secretPass, argPass, proxyPass := randomText(t), randomText(t), randomText(t)
	index := strings.Replace(pypiIndexURL(), "http://", "http://builder:"+secretPass+"@", 1)
	secretFile := filepath.Join(t.TempDir(), "index")
	writeFile(t, secretFile, index)
	canaries := map[string]string{"the secret": secretPass, "the mirror build arg": argPass, "the proxy build arg": proxyPass}

	for _, target := range []string{"runtime", "builder", "tester"} {
		tarball := filepath.Join(t.TempDir(), target+".tar")
		r := buildctl(t, dir, "--opt", "target="+target,
			"--secret", "id=index,src="+secretFile,
			"--opt", "build-arg:PIP_EXTRA_INDEX_URL=http://mirror:"+argPass+"@127.0.0.1:9/simple",
			"--opt", "build-arg:FTP_PROXY=http://proxy:"+proxyPass+"@127.0.0.1:9",
			"--output", "type=oci,dest="+tarball).mustSucceed(t, "build "+target+" with the secret index")
		if target == "runtime" && !strings.Contains(r.out, "pip") {
			t.Errorf("no pip step in the progress:\n%s", tail(r.out, 30))
		}
		raw, err := os.ReadFile(tarball)
		if err != nil {
			t.Fatal(err)
		}
		img := only(t, readOCI(t, tarball))
		cfg, err := json.Marshal(img.Config)
		if err != nil {
			t.Fatal(err)
		}
		if len(img.Config.History) == 0 {
			t.Errorf("%s: no history to search", target)
		}
		everything := bytes.Join(append(img.Layers, raw, cfg), nil)
		found := 0
		for what, canary := range canaries {
			if bytes.Contains(everything, []byte(canary)) {
				found++
				t.Errorf("%s reached the %s image", what, target)
			}
		}
		t.Logf("%s image: %d layers, the config, %d history entries and the OCI tarball, %d bytes searched for %d canaries: %d found",
			target, len(img.Layers), len(img.Config.History), len(everything), len(canaries), found)
	}

	// The dependency step really uses the secret: given one that names a dead index, it fails.
	// (--no-cache: a secret's value is not part of the cache key, by design.)
	dead := filepath.Join(t.TempDir(), "dead")
	writeFile(t, dead, "http://builder:x@127.0.0.1:9/simple")
	r := buildctl(t, dir, "--opt", "target=deps", "--no-cache", "--secret", "id=index,src="+dead).
		mustFail(t, "deps with a secret naming a dead index")
	if !strings.Contains(r.out, "Connection refused") {
		t.Errorf("deps did not fail by trying the secret's index:\n%s", tail(r.out, 20))
	}
}
