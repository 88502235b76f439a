package node

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestListenOnLocalhostWarns: an entry file in the context listening on a loopback host, or a
// Fastify app's listen without host, is ListenLocalhost at its line; every interface, Express
// without a host, and a build's output are not.
func TestListenOnLocalhostWarns(t *testing.T) {
	express := `{"scripts": {"start": "node server.js"}, "dependencies": {"express": "^5.0.0"}}`
	fastify := `{"scripts": {"start": "node server.js"}, "dependencies": {"fastify": "^5.0.0"}}`
	built := `{"scripts": {"build": "tsc", "start": "node dist/server.js"}, "dependencies": {"fastify": "^5.0.0"}}`
	for _, tc := range []struct{ name, pkg, file, src, want string }{
		{"a host argument", express, "server.js", "const app = express()\napp.listen(PORT, 'localhost', () => {})\n",
			"server.js:2 calls listen with the host 'localhost': inside a container that is its own loopback interface, " +
				"so the published port answers nothing; leave the host out, or pass '0.0.0.0'"},
		{"a host property", express, "server.js", "server.listen({ port: 3000, host: \"127.0.0.1\" })\n",
			"server.js:1 calls listen with host: '127.0.0.1'"},
		{"Fastify without host", fastify, "server.js", "import Fastify from 'fastify'\nconst app = Fastify()\n\nawait app.listen({ port: Number(process.env.PORT) || 3000 })\n",
			"server.js:4 calls Fastify's listen without host, and Fastify listens on localhost by default"},
		{"Fastify with host", fastify, "server.js", "import Fastify from 'fastify'\nawait Fastify().listen({ port: 3000, host: '0.0.0.0' })\n", ""},
		{"Fastify with a host variable", fastify, "server.js", "const fastify = require('fastify')()\nfastify.listen({ port, host })\n", ""},
		{"Express without host", express, "server.js", "app.listen(3000)\napp.listen({ port: 3000 })\n", ""},
		{"every interface", express, "server.js", "app.listen(3000, '0.0.0.0')\n", ""},
		{"commented out", express, "server.js", "// app.listen(3000, 'localhost')\n", ""},
		{"a build's output is not read", built, "dist/server.js", "import Fastify from 'fastify'\nFastify().listen({ port: 3000 })\n", ""},
	} {
		p := provider.MustPlan(t, "language: node\nports: [3000]\n", facts(tc.pkg, tc.file, tc.src, "package-lock.json", `{"lockfileVersion": 3}`))
		n := langtest.NoteOf(p, "ListenLocalhost")
		switch {
		case tc.want == "" && n != nil:
			t.Errorf("%s: %+v", tc.name, n)
		case tc.want != "" && (n == nil || !strings.HasPrefix(n.Msg, tc.want)):
			t.Errorf("%s: %+v, want %q", tc.name, n, tc.want)
		}
	}
}
