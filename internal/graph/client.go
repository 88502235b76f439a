package graph

import (
	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/solver/pb"
	"github.com/moby/buildkit/util/apicaps"
)

// RunOptions are the client's options for every RUN step, as the Dockerfile frontend applies
// them (dockerui parses them: --add-host, --network, --ulimit, --shm-size, --cgroup-parent and
// the resource limits). Those that need a capability of the builder apply only when Caps has it.
type RunOptions struct {
	ExtraHosts []llb.HostIP
	// Network is every step's network (the client's --network); a step without network
	// (plan.Run.NoNetwork) keeps none.
	Network        pb.NetMode
	Ulimits        []*pb.Ulimit
	ShmSize        int64
	CgroupParent   string
	LinuxResources *pb.LinuxResources
	// Caps are the builder's LLB capabilities (the gateway's BuildOpts().LLBCaps).
	Caps *apicaps.CapSet
}

func (o RunOptions) supports(c apicaps.CapID) bool { return o.Caps != nil && o.Caps.Supports(c) == nil }

// runOptions are the RunOptions of one step.
func (c *converter) runOptions(noNetwork bool) []llb.RunOption {
	o := c.opt.Run
	var out []llb.RunOption
	switch {
	case noNetwork:
		out = append(out, llb.Network(llb.NetModeNone))
	case o.Network != llb.NetModeSandbox:
		out = append(out, llb.Network(o.Network))
	}
	for _, h := range o.ExtraHosts {
		out = append(out, llb.AddExtraHost(h.Host, h.IP))
	}
	if o.supports(pb.CapExecMetaUlimit) {
		for _, u := range o.Ulimits {
			out = append(out, llb.AddUlimit(llb.UlimitName(u.Name), u.Soft, u.Hard))
		}
	}
	if o.ShmSize > 0 && o.supports(pb.CapExecMountTmpfsSize) {
		out = append(out, llb.AddMount("/dev/shm", llb.Scratch(), llb.Tmpfs(llb.TmpfsSize(o.ShmSize))))
	}
	if o.CgroupParent != "" && o.supports(pb.CapExecMetaCgroupParent) {
		out = append(out, llb.WithCgroupParent(o.CgroupParent))
	}
	if r := o.LinuxResources; r != nil && o.supports(pb.CapExecMetaLinuxResources) {
		out = append(out, llb.WithLinuxResources(llb.LinuxResources{Memory: r.Memory, MemorySwap: r.MemorySwap,
			CPUShares: r.CpuShares, CPUPeriod: r.CpuPeriod, CPUQuota: r.CpuQuota, CpusetCpus: r.CpusetCpus, CpusetMems: r.CpusetMems}))
	}
	return out
}
