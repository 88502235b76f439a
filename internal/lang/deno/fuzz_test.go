package deno

import (
	"regexp"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// FuzzDenoContextFiles: deno.json and .dvmrc come from the build context, so anyone who can send
// a context writes them. Whatever they hold, planning and converting to LLB ends in a plan or an
// error, never a panic; copies stay inside the context, the images are denoland/deno's of a
// whole release, and every word of the image's command line is a flag, a path or an argument
// the provider checked (no shell ever reads them).
func FuzzDenoContextFiles(f *testing.F) {
	f.Add(`{"tasks": {"start": "deno run --allow-net=0.0.0.0:8000 -E main.ts --port 1"}, "imports": {"x": "npm:x@1"}}`, "2.1.4\n")
	f.Add(`// c
{"tasks": {"start": {"command": "deno serve --port 3000 -A ./srv/app.ts"}}, "importMap": "../map.json", "exports": {".": "./mod.ts"},}`, "v2.9")
	f.Add(`{"tasks": {"start": "deno run main.ts; rm -rf /"}, "permissions": {"default": {}}}`, "")
	s := langtest.Spec(f, "language: deno\n")
	tag := regexp.MustCompile(`^denoland/deno:(distroless-)?[0-9]+\.[0-9]+\.[0-9]+$`)
	hostile := langtest.Hostile{Dest: true, Plain: true, Images: map[string]*regexp.Regexp{"deps": tag, "runtime": tag},
		Words: regexp.MustCompile(`^[A-Za-z0-9@._:/,=*+\[\]-]+$`)}
	f.Fuzz(func(t *testing.T, config, dvmrc string) {
		facts := lang.Facts{"deno.json": []byte(config), ".dvmrc": []byte(dvmrc), "main.ts": nil}
		langtest.Follows(t, Provider{}.Follow(s, facts))
		hostile.Plans(t, provider, s, facts)
	})
}
