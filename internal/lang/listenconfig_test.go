package lang

import (
	"slices"
	"testing"
)

// TestConfigListens: the loopback listen settings of a configuration file, by its format; a
// host of another section, an admin connector's, a commented line, a site URL as host and an
// address of every interface are not.
func TestConfigListens(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []ConfigListen
	}{
		{"app.yaml", "postgres:\n  host: localhost\nhost: 127.0.0.1\nport: 8080\n", []ConfigListen{{"host", "127.0.0.1", 3}}},
		{"app.yml", "server:\n  applicationConnectors:\n    - type: http\n      bindHost: \"[::1]\"\n  adminConnectors:\n    - bindHost: localhost\n",
			[]ConfigListen{{"server.applicationConnectors.bindHost", "[::1]", 4}}},
		{"app.yml", "host: 0.0.0.0\nlisten: http://localhost:8080/x\n", nil},
		{"app.json", "{\"listen_addr\": \"127.0.0.1:9000\", \"redis\": {\"addr\": \"localhost:6379\"}}", []ConfigListen{{"listen_addr", "127.0.0.1:9000", 1}}},
		{"app.cfg", "[general]\nhost = http://localhost/\n[smtp]\nhost = localhost\n[server]\n; listen = http://localhost:1\nlisten: http://localhost:8080\n",
			[]ConfigListen{{"server.listen", "http://localhost:8080", 7}}},
		{"app.toml", "bind-address = '127.0.0.1' # local only\n[http]\nhost = \"localhost\"\n[database]\nhost = \"localhost\"\n[[http.listeners]]\naddress = \"::1\"\n",
			[]ConfigListen{{"bind-address", "127.0.0.1", 1}, {"http.host", "localhost", 3}}},
		{"app.conf", "server.host = 127.0.0.1:80\n", []ConfigListen{{"server.host", "127.0.0.1:80", 1}}},
		{"app.txt", "host: 127.0.0.1\n", nil},
		{"broken.yaml", "host: [127.0.0.1\n", nil},
	} {
		if got := ConfigListens(tc.name, []byte(tc.src)); !slices.Equal(got, tc.want) {
			t.Errorf("%s %q: %v, want %v", tc.name, tc.src, got, tc.want)
		}
	}
}

// TestConfigWords: the configuration files a command names, as a word or a flag's value; not a
// compose file, a tool's manifest or a pattern.
func TestConfigWords(t *testing.T) {
	got := configWords([]string{"server", "config.yml", "-c", "conf/app.TOML", "--settings=/etc/app.ini", "--flag", "docker-compose.yml",
		"deno.json", "conf/*.yaml", "-v", "x.py"})
	want := []string{"config.yml", "conf/app.TOML", "/etc/app.ini"}
	if !slices.Equal(got, want) {
		t.Errorf("configWords = %q, want %q", got, want)
	}
}

// TestConfigLiterals: configuration files named by literals, joined by pathlib's `/` or a join's
// commas, each with the context root's path first (`../x.yaml` only from the file's directory);
// a comment's, a manifest's and a compose file's are not.
func TestConfigLiterals(t *testing.T) {
	src := "BASE = Path(__file__).parent.parent\n" +
		"A = BASE / 'config' / 'app.yaml'\n" +
		"# B = BASE / 'config' / 'old.yaml'\n" +
		"C = os.path.join(HERE, \"conf\", \"app.toml\")\n" +
		"D = open(\"settings.json\")\n" +
		"E = 'package.json'\n" +
		"F = '../outside.yaml'\n" +
		"H = '../../up.yaml'\n" +
		"G = 'docker-compose.yml'\n"
	cands, why := ConfigLiterals("pkg/settings.py", src)
	want := [][]string{{"config/app.yaml", "pkg/config/app.yaml"}, {"conf/app.toml", "pkg/conf/app.toml"}, {"settings.json", "pkg/settings.json"}, {"outside.yaml"}}
	if len(cands) != len(want) || !slices.EqualFunc(cands, want, slices.Equal) {
		t.Errorf("ConfigLiterals = %q, want %q", cands, want)
	}
	if wantWhy := []string{"pkg/settings.py:2", "pkg/settings.py:4", "pkg/settings.py:5", "pkg/settings.py:7"}; !slices.Equal(why, wantWhy) {
		t.Errorf("why = %q, want %q", why, wantWhy)
	}
}
