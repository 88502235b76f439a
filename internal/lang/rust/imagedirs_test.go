package rust

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// identityTree is rauthy's shape: a workspace whose server binary reads ./config.toml by a clap
// default (so the image works in /app), and whose Dockerfile ships a prebuilt binary and gives
// its user the empty directories its release script makes (out/empty, not in the context),
// where the program keeps its data.
var identityTree = map[string]string{
	"Cargo.toml":         "[workspace]\nresolver = \"3\"\nmembers = [\"src/*\"]\n",
	"Cargo.lock":         "version = 4\n",
	"config.toml":        "[server]\nport_http = 8080\n",
	"src/bin/Cargo.toml": "[package]\nname = \"idp\"\nversion = \"0.1.0\"\n[[bin]]\nname = \"idp\"\npath = \"src/main.rs\"\n[dependencies]\nclap = \"4\"\n",
	"src/bin/src/main.rs": "use clap::Parser;\n#[derive(Parser)]\npub enum Args {\n    Serve(ArgsServer),\n    GenerateSecrets,\n}\n" +
		"#[derive(Parser)]\npub struct ArgsServer {\n    #[clap(short, long, default_value = \"./config.toml\")]\n    pub config_file: String,\n}\nfn main() {}\n",
	"src/data/Cargo.toml": "[package]\nname = \"data\"\nversion = \"0.1.0\"\n",
	"src/data/src/lib.rs": "pub fn open() {}\n",
	"templates/mail.html": "<p>{{ code }}</p>\n",
	"Dockerfile": "FROM --platform=$TARGETPLATFORM gcr.io/distroless/cc-debian12:nonroot\nARG TARGETARCH\nARG TARGET_USER=\"10001:10001\"\nUSER $TARGET_USER\nWORKDIR /app\n" +
		"COPY --chown=$TARGET_USER ./out/idp_$TARGETARCH ./idp\nCOPY --chown=$TARGET_USER ./config.toml ./config.toml\n" +
		"COPY --chown=$TARGET_USER ./out/empty/ ./data\nCOPY --chown=$TARGET_USER ./out/empty/ ./tls\nCOPY ./templates/ ./templates\nENTRYPOINT [\"/app/idp\"]\nCMD [\"serve\"]\n",
}

// TestProjectImagesOwnedDirectoriesAreTheUsers: the directories a Rust project's own Dockerfile
// gives its user below its working directory by copying an empty directory the context lacks
// (rauthy's `COPY --chown=$TARGET_USER ./out/empty/ ./data`) are made empty and the runtime
// user's; a --chown copy of a file or of a directory the context has, or a copy without
// --chown, is not one.
func TestProjectImagesOwnedDirectoriesAreTheUsers(t *testing.T) {
	made := func(ctx map[string]string) []string {
		p := provider.MustPlan(t, "language: rust\nports: [8080]\n", provider.Gathered(t, "language: rust\nports: [8080]\n", ctx))
		var out []string
		for _, st := range p.Stages {
			for _, m := range langtest.Steps[*plan.Mkdir](st) {
				if m.Chown == "65532:65532" && m.Path != "/home/nonroot" {
					out = append(out, m.Path)
				}
			}
		}
		if p.Image.Workdir != "/app" {
			t.Errorf("workdir %q, want /app", p.Image.Workdir)
		}
		return out
	}
	if got := made(identityTree); !slices.Equal(got, []string{"/app/data", "/app/tls"}) {
		t.Errorf("made %q, want /app/data and /app/tls the runtime user's", got)
	}
	// the context has the directory: its content is a runtime file's business, not made empty
	has := maps.Clone(identityTree)
	has["out/empty/.keep"] = ""
	if got := made(has); len(got) != 0 {
		t.Errorf("with out/empty in the context: made %q, want none", got)
	}
	// a copy without --chown leaves the directory root's, as the project's image does
	plain := maps.Clone(identityTree)
	plain["Dockerfile"] = strings.ReplaceAll(identityTree["Dockerfile"], "COPY --chown=$TARGET_USER ./out/empty/", "COPY ./out/empty/")
	if got := made(plain); len(got) != 0 {
		t.Errorf("without --chown: made %q, want none", got)
	}
}
