package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/moby/buildkit/client"
	"github.com/moby/buildkit/exporter/containerimage/exptypes"
	gateway "github.com/moby/buildkit/frontend/gateway/client"
	"github.com/moby/buildkit/session"
	"github.com/moby/buildkit/session/secrets/secretsprovider"
	"github.com/moby/buildkit/session/sshforward/sshprovider"
	dockerspec "github.com/moby/docker-image-spec/specs-go/v1"
	"github.com/org/multistage-frontend/frontend"
	"github.com/org/multistage-frontend/internal/cli"
)

// probe is a Go spec whose build step writes what it sees (its hosts, limits, /dev/shm,
// network interfaces, SSH sockets) as the program, so both images carry a step's view.
const probe = `# syntax=org/multistage-frontend
language: go
entrypoint: .
build:
  ssh: [default, github]
  command: 'mkdir -p /out; { echo "hosts: $(grep -v "^#" /etc/hosts | sort | tr -s " \t" " " | tr "\n" ";")";
    echo "nofile: $(ulimit -n)"; echo "shm: $(df -k /dev/shm | awk "NR==2 {print \$2}")";
    echo "net: $(ls /sys/class/net | tr "\n" " ")";
    echo "ssh: ${SSH_AUTH_SOCK:-none} $(ls /run/buildkit 2>/dev/null | tr "\n" " ")"; } > /out/conf; chmod +x /out/conf'
`

// probeFile is where the runtime image holds the probe's output.
const probeFile = "/usr/local/bin/conf"

// TestConformance builds each build option and behaviour two ways, through the spec and
// through its ejected Dockerfile on the Dockerfile frontend (docker/dockerfile:1), and compares
// the image configs and what a step observed. Both builds of a row run in process (no export)
// and the rows run in parallel.
func TestConformance(t *testing.T) {
	need(t)
	rows := []struct {
		name string
		// spec replaces the probe; attrs are the client's options (buildctl --opt).
		spec    string
		attrs   map[string]string
		ssh     bool
		secrets map[string][]byte
		// read are files of the target's filesystem to compare; check looks at the frontend's
		// build, the ejected one being the same.
		read  []string
		check func(t *testing.T, b built)
		// twice builds once more with these options added, and checks that build's steps
		again map[string]string
		steps func(t *testing.T, b built)
	}{
		{name: "labels", attrs: map[string]string{"label:org.example.team": "platform", "label:org.opencontainers.image.title": "renamed"},
			check: func(t *testing.T, b built) {
				if l := b.config.Config.Labels; l["org.example.team"] != "platform" || l["org.opencontainers.image.title"] != "renamed" {
					t.Errorf("labels %v: the client's labels, over the spec's", l)
				}
			}},
		{name: "extra hosts", attrs: map[string]string{"add-hosts": "registry.internal=10.0.0.7,mirror.internal=10.0.0.8"},
			read: []string{probeFile}, check: probeSays("hosts:", "10.0.0.7 registry.internal;", "10.0.0.8 mirror.internal;")},
		{name: "network none", attrs: map[string]string{"force-network-mode": "none"},
			read: []string{probeFile}, check: probeSays("net: lo \n")},
		{name: "ulimits", attrs: map[string]string{"ulimit": "nofile=1024:2048"},
			read: []string{probeFile}, check: probeSays("nofile: 1024\n")},
		{name: "shm size", attrs: map[string]string{"shm-size": fmt.Sprint(96 << 20)},
			read: []string{probeFile}, check: probeSays(fmt.Sprintf("shm: %d\n", 96<<10))},
		{name: "ssh with two ids", ssh: true,
			read: []string{probeFile}, check: probeSays("ssh: /run/buildkit/ssh_agent.0 ssh_agent.0 ssh_agent.1 \n")},
		{name: "secrets as a file and as env", secrets: map[string][]byte{"token": []byte("abc"), "netrc": []byte("12345")},
			spec: "language: go\nentrypoint: .\nbuild:\n  secrets: [{id: token, env: TOKEN}, netrc]\n" +
				"  command: 'mkdir -p /out; echo \"secret: ${#TOKEN} $(wc -c < /run/secrets/netrc)\" > /out/conf; chmod +x /out/conf'\n",
			read: []string{probeFile}, check: probeSays("secret: 3 5\n")},
		{name: "target platform", attrs: map[string]string{"target": "builder", "platform": "linux/arm64"},
			read: []string{"/out/conf"}, check: func(t *testing.T, b built) {
				if p := b.config.Platform; p.OS != "linux" || p.Architecture != "arm64" {
					t.Errorf("--target builder --platform linux/arm64: image platform %+v", p)
				}
			}},
		{name: "no-cache filter", again: map[string]string{"no-cache": "builder"}, steps: func(t *testing.T, b built) {
			if ran := b.ran("[builder", "RUN"); len(ran) == 0 {
				t.Errorf("--no-cache-filter builder: the builder's RUN came from the cache; steps %v", b.steps)
			}
			if ran := b.ran("[deps", "RUN"); len(ran) != 0 {
				t.Errorf("--no-cache-filter builder: deps ran %v", ran)
			}
		}},
		{name: "scratch: files written, directories made", spec: "language: go\nentrypoint: .\nruntime: scratch\n",
			read: []string{"/etc/passwd", "/etc/group", "/usr/local/bin/conf"}, check: func(t *testing.T, b built) {
				if !strings.Contains(string(b.files["/etc/passwd"]), "nonroot:x:65532:65532") {
					t.Errorf("/etc/passwd %q", b.files["/etc/passwd"])
				}
			}},
		{name: "alpine: the base mounted, helper stages", spec: "language: go\nentrypoint: .\nruntime: alpine\n",
			read: []string{"/etc/passwd"}, check: func(t *testing.T, b built) {
				if !strings.Contains(string(b.files["/etc/passwd"]), "nonroot:x:65532:65532") {
					t.Errorf("/etc/passwd %q", b.files["/etc/passwd"])
				}
			}},
		{name: "packages on both platforms, cache ids per platform",
			spec: "language: go\nentrypoint: .\nruntime: slim\npackages: [netbase]\n" +
				"build:\n  packages: [netbase]\n  command: 'mkdir -p /out; sed -n \"/^Package: netbase$/,/^$/p\" /var/lib/dpkg/status > /out/conf; chmod +x /out/conf'\n",
			read: []string{"/etc/protocols", "/usr/local/bin/conf"}, check: func(t *testing.T, b built) {
				if !strings.Contains(string(b.files["/usr/local/bin/conf"]), "Status: install ok installed") || len(b.files["/etc/protocols"]) == 0 {
					t.Errorf("netbase not installed: %q", b.files["/usr/local/bin/conf"])
				}
			}},
	}
	var agents []sshprovider.AgentConfig
	for _, id := range []string{"default", "github"} {
		sock, _ := startSSHAgent(t)
		agents = append(agents, sshprovider.AgentConfig{ID: id, Paths: []string{sock}})
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "go.mod"), "module example.com/conf\n\ngo 1.26\n")
			writeFile(t, filepath.Join(dir, "main.go"), "package main\n\nfunc main() {}\n")
			// each row's steps its own, so that no row reads another's step from the cache (an
			// optional SSH mount is in the cache key whether the session forwards an agent or not)
			spec := strings.Replace(probe, "build:\n", fmt.Sprintf("build:\n  env: {CONFORMANCE_ROW: %q}\n", row.name), 1)
			if row.spec != "" {
				spec = row.spec
			}
			writeFile(t, filepath.Join(dir, "Dockerfile"), spec)
			var df, stderr bytes.Buffer
			if code := cli.Run([]string{"dockerfile", dir}, &df, &stderr); code != 0 {
				t.Fatalf("multistage-frontend dockerfile: %s", stderr.String())
			}
			writeFile(t, filepath.Join(dir, "Dockerfile.ejected"), df.String())
			var attach []session.Attachable
			if row.ssh {
				sp, err := sshprovider.NewSSHAgentProvider(agents)
				if err != nil {
					t.Fatal(err)
				}
				attach = append(attach, sp)
			}
			if row.secrets != nil {
				attach = append(attach, secretsprovider.FromMap(row.secrets))
			}
			var ours, theirs built
			var wg sync.WaitGroup
			for _, b := range []struct {
				out     *built
				ejected bool
			}{{&ours, false}, {&theirs, true}} {
				wg.Go(func() {
					*b.out = buildBoth(t, dir, row.attrs, b.ejected, attach, row.read)
					if row.again != nil && !t.Failed() {
						*b.out = buildBoth(t, dir, merge(row.attrs, row.again), b.ejected, attach, row.read)
					}
				})
			}
			wg.Wait()
			if t.Failed() {
				return
			}
			sameConfig(t, ours.config, theirs.config)
			for _, f := range row.read {
				if !bytes.Equal(ours.files[f], theirs.files[f]) {
					t.Errorf("%s differs:\nfrontend %q\nejected  %q", f, ours.files[f], theirs.files[f])
				}
			}
			for name, b := range map[string]built{"frontend": ours, "ejected": theirs} {
				t.Run(name, func(t *testing.T) {
					if row.check != nil {
						row.check(t, b)
					}
					if row.steps != nil {
						row.steps(t, b)
					}
				})
			}
		})
	}
}

// built is what a build gave: the image config, the files asked for, and each step's name
// with whether it came from the cache.
type built struct {
	config dockerspec.DockerOCIImage
	files  map[string][]byte
	steps  map[string]bool
}

// ran are the steps whose name starts with prefix and holds word, that did not come from the cache.
func (b built) ran(prefix, word string) []string {
	var out []string
	for name, cached := range b.steps {
		if strings.HasPrefix(name, prefix) && strings.Contains(name, " "+word+" ") && !cached {
			out = append(out, name)
		}
	}
	return out
}

func probeSays(want ...string) func(t *testing.T, b built) {
	return func(t *testing.T, b built) {
		got := string(b.files[probeFile])
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("the build step saw:\n%s\nwant %q in it", got, w)
			}
		}
	}
}

func merge(a, b map[string]string) map[string]string {
	out := maps.Clone(a)
	if out == nil {
		out = map[string]string{}
	}
	maps.Copy(out, b)
	return out
}

// buildBoth builds dir in process: the spec through this tree's frontend, or with ejected the
// Dockerfile.ejected through the Dockerfile frontend its `# syntax=docker/dockerfile:1` names.
func buildBoth(t *testing.T, dir string, attrs map[string]string, ejected bool, attach []session.Attachable, read []string) built {
	t.Helper()
	out := built{files: map[string][]byte{}, steps: map[string]bool{}}
	ch := make(chan *client.SolveStatus)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for st := range ch {
			for _, v := range st.Vertexes {
				if v.Completed != nil {
					out.steps[v.Name] = v.Cached
				}
			}
		}
	}()
	err := buildInSession(t, dir, attrs, attach, ch, func(ctx context.Context, gc gateway.Client) (*gateway.Result, error) {
		var res *gateway.Result
		var err error
		if ejected {
			res, err = gc.Solve(ctx, gateway.SolveRequest{Frontend: "dockerfile.v0", FrontendOpt: merge(attrs, map[string]string{"filename": "Dockerfile.ejected"})})
		} else {
			res, err = frontend.Build(ctx, gc)
		}
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(res.Metadata[exptypes.ExporterImageConfigKey], &out.config); err != nil {
			return nil, fmt.Errorf("image config: %w", err)
		}
		ref, err := res.SingleRef()
		if err != nil {
			return nil, err
		}
		for _, f := range read {
			if out.files[f], err = ref.ReadFile(ctx, gateway.ReadRequest{Filename: f}); err != nil {
				return nil, fmt.Errorf("reading %s: %w", f, err)
			}
		}
		return res, nil
	})
	<-done
	if err != nil {
		t.Fatalf("ejected %v, %v: %v", ejected, attrs, err)
	}
	return out
}

// sameConfig compares what a Dockerfile build and a spec build both set in an image config.
// The frontend records the base image's digest as a label; a Dockerfile build does not.
func sameConfig(t *testing.T, ours, theirs dockerspec.DockerOCIImage) {
	t.Helper()
	o, e := ours.Config, theirs.Config
	delete(o.Labels, "org.opencontainers.image.base.digest")
	if o.User != e.User || !slices.Equal(o.Entrypoint, e.Entrypoint) || !slices.Equal(o.Cmd, e.Cmd) ||
		!slices.Equal(o.Env, e.Env) || o.WorkingDir != e.WorkingDir || o.StopSignal != e.StopSignal ||
		!maps.Equal(o.Labels, e.Labels) || !maps.Equal(o.ExposedPorts, e.ExposedPorts) {
		t.Errorf("config differs:\nfrontend %+v\nejected  %+v", o, e)
	}
	if ours.OS != theirs.OS || ours.Architecture != theirs.Architecture || ours.Variant != theirs.Variant {
		t.Errorf("platform %+v, ejected %+v", ours.Platform, theirs.Platform)
	}
}
