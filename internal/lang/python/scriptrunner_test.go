package python

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
)

// A Streamlit application is a script `streamlit run` executes (Streamlit's Docker recipe, and
// Community Cloud's streamlit_app.py default); `python Chatbot.py` would print warnings and exit.
func TestAStreamlitScriptRunsUnderStreamlit(t *testing.T) {
	page := "import streamlit as st\n\nst.title(\"hello\")\n"
	app := lang.Facts{"requirements.txt": []byte("streamlit>=1.40\npandas\n"), "Chatbot.py": []byte(page),
		"app_test.py": []byte("from streamlit.testing.v1 import AppTest\n"), "pages/1_More.py": []byte(page),
		"helpers.py": []byte("def add(a, b):\n    return a + b\n")}
	run := func(file string, port string) []string {
		return []string{"/opt/venv/bin/streamlit", "run", "/app/" + file, "--server.port=" + port, "--server.address=0.0.0.0", "--server.headless=true"}
	}
	p := entrypointIs(t, "the only script importing it", "language: python\nports: [8501]\n", app, run("Chatbot.py", "8501"))
	if p != nil && !strings.Contains(p.Stages[len(p.Stages)-1].Description, "Chatbot") {
		t.Errorf("runtime: %q", p.Stages[len(p.Stages)-1].Description)
	}
	entrypointIs(t, "no port: Streamlit's", "language: python\n", app, run("Chatbot.py", "8501"))
	entrypointIs(t, "the spec's port", "language: python\nports: [8080]\n", app, run("Chatbot.py", "8080"))
	entrypointIs(t, "streamlit_app.py first", "language: python\n", with(app, "streamlit_app.py", page, "app.py", page), run("streamlit_app.py", "8501"))
	entrypointIs(t, "app.py imports it", "language: python\n", with(app, "Chatbot.py", "", "app.py", page), run("app.py", "8501"))
	entrypointIs(t, "the spec's file", "language: python\nentrypoint: pages/1_More.py\n", app, run("pages/1_More.py", "8501"))
	entrypointIs(t, "a file without Streamlit", "language: python\nentrypoint: helpers.py\n", app, []string{"/opt/venv/bin/python", "/app/helpers.py"})
	entrypointIs(t, "no Streamlit among the dependencies", "language: python\n",
		with(app, "requirements.txt", "pandas\n", "app.py", page), []string{"/opt/venv/bin/python", "/app/app.py"})

	_, err := inContext(t, "language: python\n", with(app, "Other.py", page))
	if err == nil || !strings.Contains(err.Error(), "several scripts at the root import it (Chatbot.py, Other.py)") || !strings.Contains(err.Error(), "set `entrypoint` to the main script") {
		t.Errorf("two main scripts: %v", err)
	}
	_, err = inContext(t, "language: python\n", with(app, "Chatbot.py", ""))
	if err == nil || !strings.Contains(err.Error(), "Streamlit is a dependency, but neither streamlit_app.py nor another script at the root (nor one a level or two down) imports it") {
		t.Errorf("none: %v", err)
	}
}

// A Streamlit main file below the root (app/main.py, src/dashboard/ui.py), the only script there
// importing Streamlit, runs without `entrypoint`; its pages, tests and a virtual environment are
// no main file; several are an error naming them.
func TestAStreamlitScriptBelowTheRoot(t *testing.T) {
	page := "import streamlit as st\n\nst.title(\"hello\")\n"
	run := func(file string) []string {
		return []string{"/opt/venv/bin/streamlit", "run", "/app/" + file, "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true"}
	}
	app := lang.Facts{"requirements.txt": []byte("streamlit\n"), "app/main.py": []byte(page), "app/pages/1_More.py": []byte(page),
		"app/util.py": []byte("def add(a, b):\n    return a + b\n"), "tests/test_app.py": []byte(page), ".venv/bin/x.py": []byte(page)}
	entrypointIs(t, "a level down", "language: python\n", app, run("app/main.py"))
	two := lang.Facts{"requirements.txt": []byte("streamlit\n"), "src/dashboard/ui.py": []byte(page), "src/dashboard/__init__.py": []byte("")}
	entrypointIs(t, "two levels down", "language: python\n", two, run("src/dashboard/ui.py"))
	entrypointIs(t, "its streamlit_app.py first", "language: python\n", with(app, "app/streamlit_app.py", page), run("app/streamlit_app.py"))
	entrypointIs(t, "a script at the root first", "language: python\n", with(app, "Home.py", page), run("Home.py"))
	entrypointIs(t, "main.py at the root runs as it did", "language: python\n", with(app, "main.py", "print(1)\n"), []string{"/opt/venv/bin/python", "/app/main.py"})
	_, err := inContext(t, "language: python\n", with(app, "admin/panel.py", page))
	if err == nil || !strings.Contains(err.Error(), "several scripts below the root import it (admin/panel.py, app/main.py)") {
		t.Errorf("two main scripts below the root: %v", err)
	}
}

// A Chainlit application is a script `chainlit run` imports (its docs' and cookbook's
// Dockerfiles: `chainlit run app.py -h --host 0.0.0.0 --port 8000`); `python app.py` would define
// its handlers and exit. Chainlit writes .files/ and .chainlit/ into its working directory at
// start, and chainlit.md when the project has none, so those are the runtime user's.
func TestAChainlitScriptRunsUnderChainlit(t *testing.T) {
	chat := "import chainlit as cl\n\n\n@cl.on_message\nasync def main(message: cl.Message):\n    await cl.Message(content=message.content).send()\n"
	app := lang.Facts{"requirements.txt": []byte("chainlit\nanthropic\n"), "app.py": []byte(chat), "chainlit.md": []byte("# Welcome\n"),
		"helpers.py": []byte("def add(a, b):\n    return a + b\n")}
	run := func(file string, port string) []string {
		return []string{"/opt/venv/bin/chainlit", "run", "/app/" + file, "--host", "0.0.0.0", "--port", port, "--headless"}
	}
	p := entrypointIs(t, "app.py imports it", "language: python\nports: [8080]\n", app, run("app.py", "8080"))
	if p != nil {
		rt := p.Stages[len(p.Stages)-1]
		if !strings.Contains(rt.Description, "who owns .files, .chainlit (Chainlit's)") || strings.Contains(rt.Description, "takes new files") {
			t.Errorf("runtime: %q", rt.Description)
		}
	}
	entrypointIs(t, "no port: Chainlit's", "language: python\n", app, run("app.py", "8000"))
	entrypointIs(t, "another name", "language: python\n", with(app, "app.py", "", "chatbot.py", chat), run("chatbot.py", "8000"))
	entrypointIs(t, "the spec's file", "language: python\nentrypoint: ui/chat.py\n", with(app, "ui/chat.py", chat), run("ui/chat.py", "8000"))
	entrypointIs(t, "no Chainlit among the dependencies", "language: python\n",
		with(app, "requirements.txt", "anthropic\n"), []string{"/opt/venv/bin/python", "/app/app.py"})
	noReadme := lang.Facts{"requirements.txt": []byte("chainlit\n"), "app.py": []byte(chat)}
	if p := entrypointIs(t, "without chainlit.md", "language: python\n", noReadme, run("app.py", "8000")); p != nil {
		if rt := p.Stages[len(p.Stages)-1]; !strings.Contains(rt.Description, "/app takes new files from the runtime user (Chainlit's chainlit.md") {
			t.Errorf("without chainlit.md: %q", rt.Description)
		}
	}
	_, err := inContext(t, "language: python\n", with(app, "other.py", chat))
	if err == nil || !strings.Contains(err.Error(), "Chainlit is a dependency and several scripts at the root import it (app.py, other.py)") {
		t.Errorf("two main scripts: %v", err)
	}
}
