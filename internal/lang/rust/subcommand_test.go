package rust

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/rules"
)

// TestServerSubcommandIsTheCmd: a clap program whose Parser has a subcommand enum with one
// serve, server or web variant runs it by default; one start or run variant only when running
// without a subcommand does nothing (a required subcommand, or a None arm printing the help:
// kellnr's, in a path dependency on clap), or the Parser is the enum of subcommands (rauthy's
// `enum Args { Serve(ArgsServer), ... }`, of which clap requires one), or a path dependency's
// cli module declares it (surrealdb's surrealdb-server/src/cli/mod.rs, whose `#[cfg(test)] mod
// test;` above it is a declaration, not the test module); the spec's cmd wins; several, a renamed variant and
// a path dependency without clap give none.
func TestServerSubcommandIsTheCmd(t *testing.T) {
	parser := func(field, enum, more string) string {
		return "use clap::{Parser, Subcommand};\n#[derive(Parser)]\nstruct Cli {\n    /// the command\n    #[command(subcommand)]\n    command: " + field + ",\n}\n" +
			"#[derive(Subcommand)]\nenum Command {\n" + enum + "}\n" + more
	}
	helps := "fn parse() {\n    match cli.command {\n        None => {\n            Cli::command().print_help().ok();\n        }\n        Some(c) => run(c),\n    }\n}\n"
	kellnr := parser("Option<Command>", "    /// Start the server\n    Start {\n        #[command(flatten)]\n        server: Args,\n    },\n    Config {\n        #[command(subcommand)]\n        action: ConfigAction,\n    },\n",
		"#[derive(Subcommand)]\npub enum ConfigAction {\n    Show { no_defaults: bool },\n    Init,\n}\n"+helps)
	// rauthy's shape: the Parser is the enum of subcommands, one variant's arguments a Parser
	// struct with its own subcommands
	rauthy := "use clap::Parser;\n#[derive(Debug, Clone, Parser)]\n#[clap(author, version, about, long_about = None)]\npub enum Args {\n    /// Start the server\n    Serve(ArgsServer),\n    Bootstrap(ArgsBootstrap),\n    GenerateConfig(ArgsGenConfig),\n    GenerateSecrets,\n}\n" +
		"#[derive(Debug, Clone, Parser)]\npub struct ArgsBootstrap {\n    #[command(subcommand)]\n    pub command: ArgsBootstrapCommand,\n}\n" +
		"#[derive(Debug, Clone, Subcommand)]\npub enum ArgsBootstrapCommand {\n    Get(ArgsBootstrapGet),\n    Purge(ArgsBootstrapPurge),\n}\n" +
		"#[derive(Debug, Clone, Parser)]\npub struct ArgsServer {\n    #[clap(short, long, default_value = \"./config.toml\")]\n    pub config_file: String,\n}\n" +
		"fn main() {\n    match Args::parse() {\n        Args::Serve(a) => run(a),\n        _ => {}\n    }\n}\n"
	member := "[package]\nname = \"kellnr\"\nversion = \"0.1.0\"\n[dependencies]\naxum = \"0.8\"\nkellnr-settings.workspace = true\n"
	for _, tc := range []struct {
		name, spec string
		ctx        map[string]string
		want       []string
	}{
		{"serve", "", map[string]string{"src/main.rs": parser("Option<Command>", "    Serve,\n    Migrate { up: bool },\n", "")}, []string{"serve"}},
		{"a renamed variant", "", map[string]string{"src/main.rs": parser("Command", "    #[command(name = \"http\")]\n    Serve,\n    Migrate,\n", "")}, nil},
		{"a variant renamed serve", "", map[string]string{"src/main.rs": parser("Option<Command>", "    #[command(name = \"serve\")]\n    Http(HttpArgs),\n    Migrate,\n", "")}, []string{"serve"}},
		{"two", "", map[string]string{"src/main.rs": parser("Command", "    Serve,\n    Web,\n", "")}, nil},
		{"start, optional, None runs the server", "", map[string]string{"src/main.rs": parser("Option<Command>", "    Start,\n    Check,\n", "")}, nil},
		{"start, required", "", map[string]string{"src/main.rs": parser("Command", "    Start,\n    Check,\n", "")}, []string{"start"}},
		{"a variant's own subcommand is a level below", "", map[string]string{"src/main.rs": parser("Option<Command>", "    Check,\n    Docs {\n        #[command(subcommand)]\n        action: DocsAction,\n    },\n",
			"#[derive(Subcommand)]\nenum DocsAction {\n    Serve,\n    Build,\n}\n")}, nil},
		{"kebab-case", "", map[string]string{"src/main.rs": parser("Command", "    ServeHttp,\n", "")}, nil},
		{"the spec's cmd", "cmd: [serve, --port, \"8080\"]\n", map[string]string{"src/main.rs": parser("Option<Command>", "    Serve,\n", "")}, []string{"serve", "--port", "8080"}},
		{"kellnr's, in a path dependency on clap", "", map[string]string{
			"Cargo.toml":               "[workspace]\nmembers = [\"crates/*\"]\n[workspace.dependencies]\nkellnr-settings = { version = \"1\", path = \"./crates/settings\" }\nclap = \"4\"\n",
			"crates/kellnr/Cargo.toml": member, "crates/kellnr/src/main.rs": "fn main() { let r = kellnr_settings::cli::parse_cli(); }\n",
			"crates/settings/Cargo.toml": "[package]\nname = \"kellnr-settings\"\n[dependencies]\nclap.workspace = true\n",
			"crates/settings/src/cli.rs": kellnr}, []string{"start"}},
		{"a Parser derived on an enum, rauthy's", "", map[string]string{"src/main.rs": rauthy}, []string{"serve"}},
		{"an enum Parser's start, required", "", map[string]string{"src/main.rs": "#[derive(Parser)]\nenum Cli {\n    Start { port: u16 },\n    Check,\n}\n"}, []string{"start"}},
		// surrealdb's shape: the binary's main calls a path dependency's library, whose Parser is
		// in its cli module (src/cli/mod.rs), declared after `#[cfg(test)] mod test;`
		{"surrealdb's, in a path dependency's cli module after a test module's declaration", "", map[string]string{
			"Cargo.toml":              "[workspace]\nmembers = [\".\", \"server\"]\n[workspace.dependencies]\nvault-server = { version = \"1\", path = \"server\" }\n" + pkg + "[dependencies]\nvault-server.workspace = true\n",
			"src/main.rs":             "fn main() -> std::process::ExitCode { vault_server::init() }\n",
			"server/Cargo.toml":       "[package]\nname = \"vault-server\"\n[dependencies]\nclap = { version = \"4\", features = [\"derive\", \"env\"] }\naxum = \"0.8\"\n",
			"server/src/lib.rs":       "pub mod cli;\npub use cli::init;\n",
			"server/src/cli/mod.rs":   "mod export;\n#[cfg(test)]\nmod test;\nmod start;\n\nuse clap::{Parser, Subcommand};\n\n#[derive(Parser, Debug)]\n#[command(name = \"vault\", arg_required_else_help = true)]\nstruct Cli {\n\t#[command(subcommand)]\n\tcommand: Commands,\n}\n\n#[derive(Debug, Subcommand)]\nenum Commands {\n\t#[command(about = \"Start the database server\")]\n\tStart(start::StartCommandArguments),\n\t#[command(\n\t\tabout = \"Check if the server is ready\",\n\t\tvisible_alias = \"isready\"\n\t)]\n\tIsReady,\n\tExport(export::ExportCommandArguments),\n}\n",
			"server/src/cli/start.rs": "#[derive(clap::Args, Debug)]\npub struct StartCommandArguments {\n\t#[arg(env = \"VAULT_PATH\", index = 1, default_value = \"memory\")]\n\tpath: String,\n}\n"}, []string{"start"}},
		{"a path dependency without clap", "", map[string]string{
			"Cargo.toml": pkg + "[dependencies]\ncli = { path = \"cli\" }\n", "cli/Cargo.toml": "[package]\nname = \"cli\"\n", "cli/src/lib.rs": parser("Command", "    Serve,\n", "")}, nil},
	} {
		p := planWith(t, tc.spec, "version = 3\n", tc.ctx)
		if !slices.Equal(p.Image.Cmd, tc.want) {
			t.Errorf("%s: cmd %q, want %q", tc.name, p.Image.Cmd, tc.want)
		}
	}
}

// TestParserBodies: a Parser struct's body between its braces (nested braces kept), not a tuple
// struct's, nor a body the file ends inside.
func TestParserBodies(t *testing.T) {
	text := "#[derive(Parser)]\nstruct Cli { #[command(subcommand)] cmd: Cmd, x: Opt { } }\n" +
		"#[derive(Debug, Parser)]\nstruct Tuple(u8);\nfn f() { }\n" +
		"#[derive(Parser)]\nstruct Open { cmd: Cmd,"
	got := parserBodies(text)
	want := []string{" #[command(subcommand)] cmd: Cmd, x: Opt { } "}
	if !slices.Equal(got, want) {
		t.Errorf("parserBodies = %q, want %q", got, want)
	}
}

// TestOtherSubcommandsAddressesAreNotNamed: a loopback default of a clap argument of another
// subcommand than the one the image runs is not the server's address (bore's `local
// --local-host localhost`, a client's target, beside the `server` its image runs; oxigraph's
// `serve-read-only --bind localhost:7878` beside `serve`), and is not named; the running
// subcommand's is, with the `cmd` that keeps the subcommand. Without a known subcommand every
// one is named, as before.
func TestOtherSubcommandsAddressesAreNotNamed(t *testing.T) {
	cli := `use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Connects to a server.
    Tunnel {
        #[arg(short, long, default_value = "localhost")]
        local_host: String,
        #[arg(long, default_value = "localhost:8080")]
        upstream: String,
    },
    /// Serves.
    Serve {
        #[arg(short, long, default_value = "localhost:8080")]
        bind: String,
    },
    #[command(name = "serve-ro")]
    ServeReadOnly {
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
    },
}

fn main() {}
`
	p := planWith(t, "", "version = 4\n", map[string]string{"src/main.rs": cli})
	if !slices.Equal(p.Image.Cmd, []string{"serve"}) {
		t.Fatalf("cmd %q, want serve", p.Image.Cmd)
	}
	wantNotes(t, "serve", p, rules.ListenLocalhost.Name, []string{"src/main.rs:20 has the default address localhost:8080"})
	if msgs := langtest.Messages(p, rules.ListenLocalhost.Name); len(msgs) == 1 && !strings.Contains(msgs[0], "write `cmd: [serve, --bind, \"0.0.0.0:8080\"]`") {
		t.Errorf("the fix keeps the subcommand: %q", msgs[0])
	}
	// the spec runs another subcommand: its arguments are the ones named
	p = planWith(t, "cmd: [tunnel, --to, example.com]\n", "version = 4\n", map[string]string{"src/main.rs": cli})
	wantNotes(t, "tunnel", p, rules.ListenLocalhost.Name, []string{
		"src/main.rs:15 has the default address localhost:8080", "src/main.rs:13 defaults a flag to the loopback address localhost"})
	// no subcommand known (two servers, none chosen): every one, as before
	two := strings.Replace(cli, `#[command(name = "serve-ro")]`, `#[command(name = "server")]`, 1)
	p = planWith(t, "", "version = 4\n", map[string]string{"src/main.rs": two})
	if len(p.Image.Cmd) != 0 || len(langtest.Messages(p, rules.ListenLocalhost.Name)) != 4 {
		t.Errorf("no subcommand: cmd %q, %q", p.Image.Cmd, langtest.Messages(p, rules.ListenLocalhost.Name))
	}
}

// TestCodeLinesKeepCodeAfterATestModulesDeclaration: `#[cfg(test)] mod test;` declares a module
// in a file of its own, and the code after it is read; an inline `#[cfg(test)] mod tests { ... }`
// ends what is read.
func TestCodeLinesKeepCodeAfterATestModulesDeclaration(t *testing.T) {
	src := "mod a;\n#[cfg(test)]\npub(crate) mod test;\n#[cfg(test)] #[allow(unused)] mod more;\nfn serve() {}\n#[cfg(test)]\nmod tests {\n    fn bind() {}\n}\n"
	got := strings.Join(codeLines([]byte(src)), "\n")
	if !strings.Contains(got, "fn serve()") || strings.Contains(got, "fn bind()") {
		t.Errorf("codeLines = %q, want fn serve() and not the inline test module", got)
	}
}
