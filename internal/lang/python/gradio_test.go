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

// TestAProgramsLoopbackOptionListensOnEveryInterface: a program file the image runs whose own
// argparse options default to the loopback interface and Gradio's port, passed to launch() (which
// then wins over GRADIO_SERVER_NAME), gets `--host 0.0.0.0` and the spec's port as its cmd; a
// spec's cmd without the host is ListenLocalhost. A file starting no server (a client whose
// --host is where it connects) and a spec without ports are left as they are.
func TestAProgramsLoopbackOptionListensOnEveryInterface(t *testing.T) {
	demo := "import argparse\n\nimport gradio as gr\n\n\ndef main():\n    parser = argparse.ArgumentParser()\n" +
		"    parser.add_argument(\"--host\", default=\"127.0.0.1\")\n    parser.add_argument(\"--port\", type=int, default=7860)\n    args = parser.parse_args()\n" +
		"    demo = gr.Interface(fn=str.upper, inputs=\"text\", outputs=\"text\")\n    demo.launch(server_name=args.host, server_port=args.port)\n\n\nif __name__ == \"__main__\":\n    main()\n"
	client := "import argparse\n\nimport requests\n\nparser = argparse.ArgumentParser()\nparser.add_argument(\"--host\", default=\"localhost\")\nargs = parser.parse_args()\nrequests.get(f\"http://{args.host}:7860/\")\n"
	ctx := files("requirements.txt", "gradio\n", "app.py", demo)
	for _, c := range []struct {
		name, src string
		ctx       lang.Facts
		want      []string // the entrypoint's file
		cmd       []string
		note      string
	}{
		{"Gradio's port", "ports: [7860]\n", ctx, []string{"/app/app.py"}, []string{"--host", "0.0.0.0"}, ""},
		{"another port", "ports: [8080]\n", ctx, []string{"/app/app.py"}, []string{"--host", "0.0.0.0", "--port", "8080"}, ""},
		{"the spec's file", "ports: [7860]\nentrypoint: ui/demo.py\n", files("requirements.txt", "gradio\n", "ui/demo.py", demo), []string{"/app/ui/demo.py"}, []string{"--host", "0.0.0.0"}, ""},
		{"the spec's cmd", "ports: [7860]\ncmd: [--share]\n", ctx, []string{"/app/app.py"}, []string{"--share"},
			"app.py:8 the option --host of app.py defaults to 127.0.0.1: inside a container that is its own loopback interface, so the published port answers nothing; add `--host 0.0.0.0` to `cmd`"},
		{"no ports", "", ctx, []string{"/app/app.py"}, nil, ""},
		{"a client", "ports: [7860]\n", files("requirements.txt", "requests\n", "app.py", client), []string{"/app/app.py"}, nil, ""},
	} {
		p := entrypointIs(t, c.name, "language: python\n"+c.src, c.ctx, append([]string{"/opt/venv/bin/python"}, c.want...))
		if p == nil {
			continue
		}
		if !slices.Equal(p.Image.Cmd, c.cmd) {
			t.Errorf("%s: cmd %q, want %q", c.name, p.Image.Cmd, c.cmd)
		}
		if got := noteOf(p, "ListenLocalhost"); (c.note == "") != (got == "") || !strings.Contains(got, c.note) {
			t.Errorf("%s: ListenLocalhost %q, want %q", c.name, got, c.note)
		}
	}
}
