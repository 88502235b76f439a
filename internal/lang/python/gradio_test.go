package python

import (
	"slices"
	"strings"
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

// A launch() given the loopback interface as its server_name wins over GRADIO_SERVER_NAME: warned
// of at the entry file's line.
func TestAGradioLaunchOnLoopbackIsWarned(t *testing.T) {
	req := "gradio==5.9.1\n"
	for _, c := range []struct{ name, src, file, code, note string }{
		{"127.0.0.1", "language: python\nports: [7860]\n", "app.py",
			"import gradio as gr\n\ndemo = gr.Interface(fn=str.upper, inputs=\"text\", outputs=\"text\")\ndemo.launch(\n    server_name=\"127.0.0.1\", server_port=7860)\n",
			"app.py:5 Gradio's launch() is given server_name=\"127.0.0.1\""},
		{"localhost, the spec's entrypoint", "language: python\nentrypoint: ./demo.py\nports: [7860]\n", "demo.py",
			"import gradio as gr\nwith gr.Blocks() as demo:\n    gr.Markdown('hi')\ndemo.queue().launch(server_name='localhost')\n",
			"demo.py:4 Gradio's launch() is given server_name=\"localhost\""},
		{"every interface", "language: python\nports: [7860]\n", "app.py",
			"import gradio as gr\ndemo = gr.Interface(fn=str.upper, inputs=\"text\", outputs=\"text\")\ndemo.launch(server_name=\"0.0.0.0\")\n", ""},
		{"a comment", "language: python\nports: [7860]\n", "app.py",
			"import gradio as gr\ndemo = gr.Interface(fn=str.upper, inputs=\"text\", outputs=\"text\")\n# demo.launch(server_name=\"127.0.0.1\")\ndemo.launch()\n", ""},
	} {
		p, err := inContext(t, c.src, files("requirements.txt", req, c.file, c.code))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got := noteOf(p, "ListenLocalhost"); (c.note == "") != (got == "") || !strings.Contains(got, c.note) {
			t.Errorf("%s: ListenLocalhost %q, want %q", c.name, got, c.note)
		}
	}
	// without Gradio, server_name is no launch()'s
	p, err := inContext(t, "language: python\nports: [7860]\n", files("requirements.txt", "numpy\n", "app.py", "run(server_name=\"127.0.0.1\")\n"))
	if err != nil || noteOf(p, "ListenLocalhost") != "" {
		t.Errorf("no Gradio: %v, %q", err, noteOf(p, "ListenLocalhost"))
	}
}
