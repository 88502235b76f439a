package python

// Gradio: an application's `demo.launch()` listens on 127.0.0.1:7860 unless told otherwise,
// where nothing outside the container reaches it. Gradio's Docker guide sets
// GRADIO_SERVER_NAME=0.0.0.0 (and GRADIO_SERVER_PORT for another port), which launch() reads
// when its call names no server_name (server_port); Hugging Face Spaces do the same.

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// gradioPort is where launch() listens by default.
const gradioPort = 7860

// gradioLoopbackName is a server_name argument (of launch(), or of a Blocks' queue().launch())
// naming the loopback interface, which wins over GRADIO_SERVER_NAME. Group 1 is the host.
var gradioLoopbackName = regexp.MustCompile(`\bserver_name\s*=\s*["'](127\.0\.0\.1|localhost|::1)["']`)

// gradioReads is the spec's entrypoint file of a project depending on Gradio, for Follow: its
// launch() is read (main.py and app.py are read anyway).
func gradioReads(s *spec.Spec, p *project) []string {
	ep := strings.TrimSpace(s.Entrypoint)
	if !p.installs["gradio"] || !strings.HasSuffix(ep, ".py") {
		return nil
	}
	rel, ok := lang.CleanRelPath(ep)
	if rel = strings.TrimPrefix(rel, "./"); ok && lang.CheckContextName(rel) == nil {
		return []string{rel}
	}
	return nil
}

// gradioLoopback warns of a Gradio program whose entry file writes the loopback interface as
// launch()'s server_name (ListenLocalhost): the call's argument wins over the GRADIO_SERVER_NAME
// the image sets, and the published port answers nothing. The file is the entry's, as read.
func gradioLoopback(s *spec.Spec, f lang.Facts, p *project, ep entry) []plan.Note {
	if !p.installs["gradio"] || ep.web != nil || len(ep.serve.Paths) > 0 {
		return nil
	}
	for _, full := range ep.runs.Paths {
		rel, ok := strings.CutPrefix(full, appDir+"/")
		if !ok || !f.Has(rel) {
			continue
		}
		text := f.Text(rel)
		for _, loc := range gradioLoopbackName.FindAllStringSubmatchIndex(text, -1) {
			start := strings.LastIndexByte(text[:loc[0]], '\n') + 1
			if strings.HasPrefix(strings.TrimSpace(text[start:loc[0]]), "#") {
				continue // a comment's
			}
			line := strings.Count(text[:loc[0]], "\n") + 1
			return append([]plan.Note(nil), rules.ListenLocalhost.Note(lang.FirstField(s, "entrypoint", "language"),
				rules.ListenLocalhost.Format(rel, line, "Gradio's launch() is given server_name=\""+text[loc[2]:loc[3]]+"\", which wins over the GRADIO_SERVER_NAME the image sets",
					"write `server_name=\"0.0.0.0\"`, or leave server_name out")))
		}
	}
	return nil
}

// gradioEnv is the environment of an image running a program (not an application a server
// serves, nor Streamlit's) with Gradio among the dependencies: every interface, and the spec's
// first port when it is not Gradio's. The spec's env wins.
func gradioEnv(s *spec.Spec, p *project, ep entry) []plan.Env {
	if !p.installs["gradio"] || ep.web != nil || len(ep.serve.Paths) > 0 {
		return nil
	}
	var out []plan.Env
	if _, set := s.Env.Get("GRADIO_SERVER_NAME"); !set {
		out = append(out, plan.Env{Key: "GRADIO_SERVER_NAME", Value: "0.0.0.0"})
	}
	if port, ok := lang.FirstTCPPort(s); ok && port != gradioPort {
		if _, set := s.Env.Get("GRADIO_SERVER_PORT"); !set {
			out = append(out, plan.Env{Key: "GRADIO_SERVER_PORT", Value: strconv.Itoa(port)})
		}
	}
	return out
}
