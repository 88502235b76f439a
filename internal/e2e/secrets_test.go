package e2e

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// secretsSpec builds a program whose variables the build command fills from a secret file, a
// secret in an environment variable and the forwarded SSH agent. The command fails unless it
// sees all three: the hashes it stamps into the binary prove what it saw.
const secretsSpec = `# syntax=org/multistage-frontend
language: go
args: {KEY_FP: ""}
build:
  secrets: [token, {id: api, env: API_KEY, required: true}]
  ssh: [default]
  command: >-
    set -eu;
    file=$(sha256sum < /run/secrets/token | cut -c1-16);
    env=$(printf %s "$API_KEY" | sha256sum | cut -c1-16);
    keys=$(ssh-add -l | grep -c -F "$KEY_FP");
    go build -trimpath -ldflags "-s -w -X main.fileHash=$file -X main.envHash=$env -X main.sshKeys=$keys" -o /out/secrets .
`

const secretsMain = `package main

import "fmt"

var fileHash, envHash, sshKeys string

func main() { fmt.Printf("file=%s env=%s keys=%s\n", fileHash, envHash, sshKeys) }
`

// TestSecretsAndSSHReachTheBuildButNotTheImage: build.secrets (a file and an env variable) and
// build.ssh reach the build step, which proves it saw their values; the values are nowhere in
// the exported image: not in a layer, the config or the history.
func TestSecretsAndSSHReachTheBuildButNotTheImage(t *testing.T) {
	need(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/secrets\n\ngo 1.26\n")
	writeFile(t, filepath.Join(dir, "main.go"), secretsMain)
	writeFile(t, filepath.Join(dir, "Dockerfile"), secretsSpec)

	token, apiKey := randomText(t), randomText(t)
	tokenFile := filepath.Join(t.TempDir(), "token")
	writeFile(t, tokenFile, token)
	t.Setenv("MSF_E2E_API_KEY", apiKey)
	sock, fingerprint := startSSHAgent(t)

	tarball := filepath.Join(t.TempDir(), "image.tar")
	buildx(t, dir, "build", "--progress=plain", "--no-cache",
		"--secret", "id=token,src="+tokenFile, "--secret", "id=api,env=MSF_E2E_API_KEY",
		"--ssh", "default="+sock, "--build-arg", "KEY_FP="+fingerprint,
		"--output", "type=oci,dest="+tarball, ".").mustSucceed(t, "a build with secrets and ssh")

	img := only(t, readOCI(t, tarball))
	c := startContainer(t, img)
	if code := c.wait(t, 20*time.Second); code != 0 {
		t.Fatalf("the program exited with %d: %s", code, c.logs.String())
	}
	want := "file=" + shortHash(token) + " env=" + shortHash(apiKey) + " keys=1"
	if got := strings.TrimSpace(c.logs.String()); got != want {
		t.Errorf("the build saw %q, want %q", got, want)
	}

	raw, err := os.ReadFile(tarball)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := json.Marshal(img.Config)
	if err != nil {
		t.Fatal(err)
	}
	everything := append(append(bytes.Join(img.Layers, nil), raw...), cfg...)
	for name, secret := range map[string]string{"the token file": token, "the API key": apiKey} {
		if bytes.Contains(everything, []byte(secret)) {
			t.Errorf("%s is in the image", name)
		}
	}
	if len(img.Config.History) == 0 {
		t.Errorf("no history to check")
	}

	// A required secret that is not given fails the build.
	r := buildx(t, dir, "build", "--progress=plain", "--ssh", "default="+sock, "--secret", "id=token,src="+tokenFile,
		"--output", "type=cacheonly", ".").mustFail(t, "a build without the required secret")
	if !strings.Contains(r.out, "secret api: not found") {
		t.Errorf("the failure does not name the missing secret:\n%s", tail(r.out, 20))
	}
}

// startSSHAgent runs an ssh-agent holding a new key and returns its socket and the key's
// fingerprint as `ssh-add -l` prints it.
func startSSHAgent(t *testing.T) (sock, fingerprint string) {
	t.Helper()
	for _, tool := range []string{"ssh-agent", "ssh-add", "ssh-keygen"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing (openssh-client; hack/install.sh installs it)", tool)
		}
	}
	dir := t.TempDir()
	sock = filepath.Join(dir, "agent.sock")
	agent := exec.Command("ssh-agent", "-D", "-a", sock)
	if err := agent.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { agent.Process.Kill(); agent.Wait() })
	key := filepath.Join(dir, "id_ed25519")
	run(t, dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "msf-e2e", "-f", key).mustSucceed(t, "ssh-keygen")
	deadline := time.Now().Add(10 * time.Second)
	for {
		add := exec.Command("ssh-add", key)
		add.Env = append(os.Environ(), "SSH_AUTH_SOCK="+sock)
		out, err := add.CombinedOutput()
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("ssh-add: %v\n%s", err, out)
		}
		time.Sleep(100 * time.Millisecond)
	}
	out := run(t, dir, "ssh-keygen", "-l", "-f", key+".pub").mustSucceed(t, "ssh-keygen -l").out
	fields := strings.Fields(out)
	if len(fields) < 2 || !strings.HasPrefix(fields[1], "SHA256:") {
		t.Fatalf("ssh-keygen -l printed %q", out)
	}
	return sock, fields[1]
}

func randomText(t *testing.T) string {
	t.Helper()
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return "msf-e2e-secret-" + hex.EncodeToString(b)
}

func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:16]
}
