package golang

import (
	"path"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/graph"
	"github.com/org/multistage-frontend/internal/graph/graphtest"
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// FuzzGoContextFiles: go.work, the go.mod files it and replace directives lead to, and main.go
// come from the build context, so anyone who can send a context writes them. Whatever they
// hold, following, planning and converting to LLB end in a plan or an error located in the
// spec, never a panic; what deps copies and what Follow asks for stay inside the context.
func FuzzGoContextFiles(f *testing.F) {
	f.Add("go 1.26\n\nuse (\n\t./api\n\t./lib\n)\n", "module example.com/api\n\ngo 1.26\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ../lib\n",
		"module example.com/lib\n", "package main\n")
	f.Add("", "module a\n\ngo 1.26\n\nrequire github.com/mattn/go-sqlite3 v1.14.0\nreplace x => ./x\n", "module x\nreplace y => ../../y\n", "package lib\n")
	f.Add("use ../x\n", "module a/v2\n", "", "")
	s := langtest.Spec(f, "language: go\nports: [8080]\n")
	f.Fuzz(func(t *testing.T, work, api, lib, mainGo string) {
		all := lang.Facts{"go.mod": []byte(api), "api/go.mod": []byte(api), "lib/go.mod": []byte(lib), "x/go.mod": []byte(lib),
			"main.go": []byte(mainGo), "api/main.go": []byte(mainGo), "cmd/a/main.go": []byte(mainGo)}
		if work != "" {
			all["go.work"] = []byte(work)
			delete(all, "go.mod")
		}
		facts := lang.Facts{}
		for round := 0; round < lang.MaxFollowRounds; round++ {
			asked := Provider{}.Follow(s, facts)
			if round == 0 {
				asked = append(asked, Provider{}.Language().Reads...)
			}
			for _, name := range asked {
				if langtest.Outside(name) {
					t.Fatalf("Follow asks for %q, outside the context", name)
				}
				for k, v := range all {
					if ok, _ := path.Match(name, k); ok {
						facts[k] = v
					}
				}
			}
		}
		p, err := provider.Plan(s, facts)
		if err != nil {
			if !strings.Contains(err.Error(), "Dockerfile") {
				t.Fatalf("error without the spec's location: %v", err)
			}
			return
		}
		langtest.Hostile{Options: graph.Options{TargetPlatform: graphtest.Arm64, BuildArgs: map[string]string{}}}.Check(t, p)
	})
}
