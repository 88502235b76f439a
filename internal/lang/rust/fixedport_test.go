package rust

import (
	"strings"
	"testing"
)

// TestRustFixedPortNotPublished: a server listening on every interface at a port written in its
// code (wastebin's SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), 8088)) is PortNotPublished when
// the spec publishes another port, naming the line and the port; not when it publishes that
// port, when the spec's env or cmd may give the address, or for a loopback or test address.
func TestRustFixedPortNotPublished(t *testing.T) {
	tree := func(mainRS string) map[string]string {
		return map[string]string{
			"Cargo.toml":      "[package]\nname = \"paste\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\naxum = \"0.8\"\n",
			"Cargo.lock":      "version = 4\n",
			"src/main.rs":     mainRS,
			"src/settings.rs": "pub fn addr() -> std::net::SocketAddr {\n    match std::env::var(\"PASTE_ADDR\") {\n        Ok(v) => v.parse().unwrap(),\n        Err(_) => SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), 8088),\n    }\n}\n\n#[cfg(test)]\nmod tests {\n    const A: &str = \"0.0.0.0:9999\";\n}\n",
		}
	}
	note := func(src string, ctx map[string]string) string {
		for _, n := range provider.MustPlan(t, src, provider.Gathered(t, src, ctx)).Notes {
			if n.Rule == "PortNotPublished" {
				return n.Msg
			}
		}
		return ""
	}
	main := "mod settings;\nfn main() {\n    let addr = settings::addr();\n}\n"
	msg := note("language: rust\nports: [8080]\n", tree(main))
	for _, want := range []string{"src/settings.rs:4 listens on every interface at 8088", "`ports: [8088]`"} {
		if !strings.Contains(msg, want) {
			t.Errorf("note %q lacks %q", msg, want)
		}
	}
	for _, src := range []string{"language: rust\nports: [8088]\n", "language: rust\nports: [8080]\nenv:\n  PASTE_ADDR: 0.0.0.0:8080\n",
		"language: rust\n"} {
		if m := note(src, tree(main)); m != "" {
			t.Errorf("%q: %s", src, m)
		}
	}
	for _, tc := range []struct{ main, want string }{
		{"#[tokio::main]\nasync fn main() {\n    let l = tokio::net::TcpListener::bind(\"0.0.0.0:3000\").await.unwrap();\n}\n", "src/main.rs:3 listens on every interface at 3000"},
		{"fn main() {\n    let addr = SocketAddr::from(([0, 0, 0, 0], 3000));\n}\n", "src/main.rs:2 listens on every interface at 3000"},
		{"#[derive(Parser)]\nstruct Cli {\n    #[arg(default_value = \"[::]:4000\")]\n    addr: SocketAddr,\n}\n", "src/main.rs:3 listens on every interface at 4000"},
	} {
		ctx := tree(tc.main)
		delete(ctx, "src/settings.rs")
		if m := note("language: rust\nports: [8080]\n", ctx); !strings.Contains(m, tc.want) {
			t.Errorf("%q: note %q, want %q", tc.main, m, tc.want)
		}
	}
}
