// Command ociinfo prints what an OCI layout tarball (`--output type=oci,dest=FILE`) holds:
// per platform, the user, entrypoint, sizes and largest files. Used by `make demo`.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/org/multistage-frontend/internal/ociimage"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: ociinfo IMAGE.tar")
		os.Exit(2)
	}
	imgs, err := ociimage.Read(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "ociinfo:", err)
		os.Exit(1)
	}
	var keys []string
	for k := range imgs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		img := imgs[k]
		cfg := img.Config.Config
		fmt.Printf("platform     %s\n", k)
		fmt.Printf("user         %s\n", orDash(cfg.User))
		fmt.Printf("entrypoint   %s\n", orDash(strings.Join(cfg.Entrypoint, " ")))
		fmt.Printf("cmd          %s\n", orDash(strings.Join(cfg.Cmd, " ")))
		fmt.Printf("workdir      %s\n", orDash(cfg.WorkingDir))
		var ports []string
		for p := range cfg.ExposedPorts {
			ports = append(ports, p)
		}
		sort.Strings(ports)
		fmt.Printf("ports        %s\n", orDash(strings.Join(ports, " ")))
		fmt.Printf("layers       %d\n", len(img.Layers))
		fmt.Printf("size         %s compressed, %s uncompressed\n", human(img.Compressed), human(img.Uncompressed()))
		if big, err := img.Largest(3); err == nil {
			for _, f := range big {
				fmt.Printf("  %-10s %s (uid %d, mode %o)\n", human(f.Size), f.Name, f.UID, f.Mode&0o7777)
			}
		}
		fmt.Println()
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func human(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
