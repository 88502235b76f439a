// Command mkfixture synthesizes the testbed's base images (see hack/fixtures.sh).
//
//	mkfixture tar [-overlay] [-exclude GLOB]... DIR OUT.tar.gz
//	    Write DIR as a gzip'd OCI layer. With -overlay, DIR is an overlayfs
//	    upperdir: 0/0 character devices become .wh.<name> whiteouts and opaque
//	    directories get a .wh..wh..opq entry.
//	mkfixture push -tag REF [-tag REF]... -platform OS/ARCH[/VARIANT]...
//	    -layer [OS/ARCH=]PATH... [-env K=V]... [-label K=V]... [-workdir DIR]
//	    [-user U] [-entrypoint JSON] [-cmd JSON]
//	    Build an OCI image index (one image per platform) and push it to every REF.
//	    A layer is a .tar/.tar.gz file or a directory; a layer prefixed with a
//	    platform is only used for that platform.
//	mkfixture has -label K=V REF...
//	    Exit 0 when every REF exists and its image config carries the label,
//	    1 when one does not, 2 on any other error (e.g. registry unreachable).
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: mkfixture tar|push|has ...")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "tar":
		err = cmdTar(os.Args[2:])
	case "push":
		err = cmdPush(os.Args[2:])
	case "has":
		os.Exit(cmdHas(os.Args[2:]))
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "mkfixture:", err)
		os.Exit(2)
	}
}

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return fmt.Sprint(*m) }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
