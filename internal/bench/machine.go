package bench

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// Machine describes where the benchmark runs: CPU, cores, memory, kernel, load, BuildKit.
func Machine() string {
	cpu := "unknown CPU"
	if dt, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(dt), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	mem := ""
	if dt, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		fmt.Sscanf(strings.TrimPrefix(strings.SplitN(string(dt), "\n", 2)[0], "MemTotal:"), "%d", &kb)
		mem = fmt.Sprintf(", %.0f GiB RAM", float64(kb)/(1<<20))
	}
	kernel, _ := os.ReadFile("/proc/sys/kernel/osrelease")
	bk, _ := exec.Command("buildkitd", "--version").Output()
	return fmt.Sprintf("%s, %d cores%s, Linux %s, %s; %s; load average %s", cpu, runtime.NumCPU(), mem,
		strings.TrimSpace(string(kernel)), runtime.Version(), strings.TrimSpace(string(bk)), Load())
}

// Load is the 1, 5 and 15 minute load average: other work on a shared machine shows here.
func Load() string {
	dt, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(dt))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
