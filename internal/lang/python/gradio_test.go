package python

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// A Gradio program's launch() listens on 127.0.0.1:7860 by default: the image sets the
// variables Gradio's Docker guide sets.
func TestAGradioProgramListensOnEveryInterface(t *testing.T) {
	app := lang.Facts{"requirements.txt": []byte("gradio==5.9.1\n"),
		"app.py": []byte("import gradio as gr\n\ndemo = gr.Interface(fn=str.upper, inputs=\"text\", outputs=\"text\")\ndemo.launch()\n")}
	name := plan.Env{Key: "GRADIO_SERVER_NAME", Value: "0.0.0.0"}
	for _, c := range []struct {
		name, src string
		ctx       lang.Facts
		want      []plan.Env
		not       []string
	}{
		{"Gradio's port", "language: python\nports: [7860]\n", app, []plan.Env{name}, []string{"GRADIO_SERVER_PORT"}},
		{"another port", "language: python\nports: [8080]\n", app, []plan.Env{name, {Key: "GRADIO_SERVER_PORT", Value: "8080"}}, nil},
		{"the spec's env", "language: python\nports: [8080]\nenv: {GRADIO_SERVER_NAME: \"::\", GRADIO_SERVER_PORT: \"9000\"}\n", app,
			[]plan.Env{{Key: "GRADIO_SERVER_NAME", Value: "::"}, {Key: "GRADIO_SERVER_PORT", Value: "9000"}}, nil},
		{"no Gradio", "language: python\nports: [7860]\n", with(app, "requirements.txt", "numpy\n"), nil, []string{"GRADIO_SERVER_NAME"}},
		{"mounted in a FastAPI application", "language: python\nports: [8000]\n",
			with(app, "requirements.txt", "gradio\nfastapi[standard]\n", "app.py", "import gradio as gr\nfrom fastapi import FastAPI\n\napp = FastAPI()\n"),
			nil, []string{"GRADIO_SERVER_NAME"}},
	} {
		p, err := inContext(t, c.src, c.ctx)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for _, e := range c.want {
			if !slices.Contains(p.Image.Env, e) {
				t.Errorf("%s: env %v, want %v", c.name, p.Image.Env, e)
			}
		}
		for _, k := range c.not {
			if slices.ContainsFunc(p.Image.Env, func(e plan.Env) bool { return e.Key == k }) {
				t.Errorf("%s: env %v sets %s", c.name, p.Image.Env, k)
			}
		}
	}
}
