package graph_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/solver/pb"
	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/plan"
)

// optSpec has a step without network (none here), packages on both platforms, and two SSH ids.
const optSpec = "language: go\nentrypoint: ./cmd/server\nruntime: alpine\npackages: [tzdata]\nlabels: {team: core}\n" +
	"build: {packages: [git], ssh: [default, github]}\n"

// The client's options reach every RUN step as the Dockerfile frontend applies them, those
// needing a capability only when the builder has it.
func TestClientRunOptionsReachEveryStep(t *testing.T) {
	s, p := goPlan(t, optSpec)
	all := pb.Caps.CapSet(pb.Caps.All())
	ro := graph.RunOptions{
		ExtraHosts: []llb.HostIP{{Host: "registry.internal", IP: []byte{10, 0, 0, 7}}},
		Network:    llb.NetModeHost,
		Ulimits:    []*pb.Ulimit{{Name: "nofile", Soft: 1024, Hard: 2048}},
		ShmSize:    128 << 20,
		Caps:       &all,
	}
	d, _ := buildWith(t, s, p, "tester", amd64, func(o *graph.Options) { o.Run = ro })
	execs := d.execs()
	if len(execs) < 4 {
		t.Fatalf("%d steps", len(execs))
	}
	for _, o := range execs {
		e := o.GetExec()
		if len(e.Meta.ExtraHosts) != 1 || e.Meta.ExtraHosts[0].Host != "registry.internal" || e.Meta.ExtraHosts[0].IP != "10.0.0.7" {
			t.Errorf("%s: extra hosts %v", o.Name, e.Meta.ExtraHosts)
		}
		want := pb.NetMode_HOST
		if strings.HasPrefix(o.Name, "[deps-list ") || strings.HasPrefix(o.Name, "[deps-build ") {
			want = pb.NetMode_NONE // Go's list and compile of the dependencies; the builder's check runs in go build
		}
		if e.Network != want {
			t.Errorf("%s: network %v, want %v", o.Name, e.Network, want)
		}
		if len(e.Meta.Ulimit) != 1 || e.Meta.Ulimit[0].Hard != 2048 {
			t.Errorf("%s: ulimits %v", o.Name, e.Meta.Ulimit)
		}
		shm := slices.IndexFunc(e.Mounts, func(m *pb.Mount) bool { return m.Dest == "/dev/shm" && m.MountType == pb.MountType_TMPFS })
		if shm < 0 || e.Mounts[shm].TmpfsOpt.Size != 128<<20 {
			t.Errorf("%s: no 128 MiB /dev/shm: %v", o.Name, e.Mounts)
		}
	}

	// no capabilities known: the options that need one are left out, as the Dockerfile frontend leaves them
	ro.Caps = nil
	d, _ = buildWith(t, s, p, "builder", amd64, func(o *graph.Options) { o.Run = ro })
	for _, o := range d.execs() {
		if e := o.GetExec(); len(e.Meta.Ulimit) != 0 || len(e.Meta.ExtraHosts) != 1 {
			t.Errorf("%s without caps: ulimits %v, hosts %v", o.Name, e.Meta.Ulimit, e.Meta.ExtraHosts)
		}
	}
}

func TestStepWithoutNetworkKeepsNone(t *testing.T) {
	s, p := goPlan(t, optSpec)
	p.Stage("builder").Steps = append(p.Stage("builder").Steps, &plan.Run{Args: []string{"true"}, NoNetwork: true})
	d, _ := buildWith(t, s, p, "builder", amd64, func(o *graph.Options) { o.Run.Network = llb.NetModeHost })
	if n := d.exec(t, "true").GetExec().Network; n != pb.NetMode_NONE {
		t.Errorf("network %v", n)
	}
}

// --label is set on whatever target is built, over the plan's labels; the image config names
// the requested platform even for a stage that runs on the build platform.
func TestClientLabelsAndRequestedPlatform(t *testing.T) {
	s, p := goPlan(t, optSpec)
	labels := map[string]string{"team": "platform", "ci.run": "42"}
	for _, target := range []string{"", "builder"} {
		_, res := buildWith(t, s, p, target, arm64, func(o *graph.Options) { o.Labels = labels })
		if l := res.Image.Config.Labels; l["team"] != "platform" || l["ci.run"] != "42" {
			t.Errorf("%q: labels %v", target, l)
		}
		if pl := res.Image.Platform; pl.Architecture != "arm64" || pl.OS != "linux" {
			t.Errorf("%q: image platform %+v, want the requested linux/arm64", target, pl)
		}
	}
}

// Two SSH ids are two sockets, numbered as the Dockerfile frontend numbers them (the ejected
// file's --mount=type=ssh,id=... lines), with SSH_AUTH_SOCK at the first.
func TestTwoSSHIdsAreTwoSockets(t *testing.T) {
	s, p := goPlan(t, optSpec)
	d, _ := build(t, s, p, "builder", amd64)
	e := d.exec(t, "go", "build").GetExec()
	got := map[string]string{}
	for _, m := range e.Mounts {
		if m.MountType == pb.MountType_SSH {
			got[m.SSHOpt.ID] = m.Dest
		}
	}
	if got["default"] != "/run/buildkit/ssh_agent.0" || got["github"] != "/run/buildkit/ssh_agent.1" {
		t.Errorf("ssh sockets %v", got)
	}
	if !slices.Contains(e.Meta.Env, "SSH_AUTH_SOCK=/run/buildkit/ssh_agent.0") {
		t.Errorf("env %v", e.Meta.Env)
	}
}

// The package caches are a distribution release's (named by the image) on the platform the step
// runs on: the builder's packages on the build platform, the runtime's on the target platform.
func TestPackageCachesArePerImageAndPlatform(t *testing.T) {
	s, p := goPlan(t, optSpec)
	d, _ := buildWith(t, s, p, "", arm64, func(o *graph.Options) { o.CacheNS = "ns" })
	for prefix, want := range map[string]string{
		"[deps 2/4] RUN apt-get install git": "ns/apt-lists/golang:1.26/linux/amd64",
		"[runtime":                           "ns/apk-cache/alpine:3.22/linux/arm64",
	} {
		var ids []string
		for _, o := range d.execs() {
			if !strings.HasPrefix(o.Name, prefix) {
				continue
			}
			for _, m := range o.GetExec().Mounts {
				if m.MountType == pb.MountType_CACHE {
					ids = append(ids, m.CacheOpt.ID)
					if m.CacheOpt.Sharing != pb.CacheSharingOpt_LOCKED {
						t.Errorf("%s: %s is not locked", o.Name, m.CacheOpt.ID)
					}
				}
			}
		}
		if !slices.Contains(ids, want) {
			t.Errorf("%s: cache ids %v, want %s", prefix, ids, want)
		}
	}
}

func TestUnknownSharingModeIsAnError(t *testing.T) {
	_, p := goPlan(t, goSpec)
	p.Stage("builder").Steps = append(p.Stage("builder").Steps,
		&plan.Run{Args: []string{"true"}, Mounts: []plan.Mount{{Type: plan.MountCache, ID: "x", Target: "/x", Sharing: "shraed"}}})
	_, err := graph.Build(context.Background(), p, graph.Options{Target: "builder", TargetPlatform: amd64, BuildPlatform: amd64,
		Context: llb.Local("context"), Resolver: fakeResolver{}})
	if err == nil || !strings.Contains(err.Error(), `unknown sharing mode "shraed"`) {
		t.Errorf("error %v", err)
	}
}
