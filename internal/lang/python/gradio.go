package python

// Gradio: an application's `demo.launch()` listens on 127.0.0.1:7860 unless told otherwise,
// where nothing outside the container reaches it. Gradio's Docker guide sets
// GRADIO_SERVER_NAME=0.0.0.0 (and GRADIO_SERVER_PORT for another port), which launch() reads
// when its call names no server_name (server_port); Hugging Face Spaces do the same.

import (
	"strconv"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// gradioPort is where launch() listens by default.
const gradioPort = 7860

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
