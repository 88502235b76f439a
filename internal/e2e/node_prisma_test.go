package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestNodePrisma builds testdata/node-prisma, a Prisma 7 project whose server needs the
// generated client to start (prisma-client-js, written to node_modules/.prisma/client; a
// prisma.config.ts reading DATABASE_URL with env(), which throws when it is unset), from its
// spec of language and ports, in the two ways deps generates: the project's own `postinstall:
// prisma generate` with the schema copied before the install, and without it, `prisma
// generate` after the install. The image holds the client deps generated and not the CLI (a
// dev dependency, which npm's prune alone keeps: an optional peer of @prisma/client, devOptional
// in the lockfile), and the server answers with the schema's models.
//
// The testbed cannot reach binaries.prisma.sh, where the CLI fetches its schema engine before
// any command: the project's spec points PRISMA_SCHEMA_ENGINE_BINARY at /bin/true (build.env),
// which generating, done by WebAssembly in Prisma 7, never runs.
func TestNodePrisma(t *testing.T) {
	need(t)
	for _, c := range []struct {
		name        string
		postinstall bool
		steps       []string
	}{
		{"postinstall", true, []string{"COPY package.json package-lock.json prisma.config.ts prisma/schema.prisma ./", "RUN npm ci",
			"[prod-deps 3/4] RUN npm uninstall --no-save --omit=dev --ignore-scripts prisma",
			"[prod-deps 4/4] COPY --from=deps /app/node_modules/.prisma/client /app/node_modules/.prisma/client/"}},
		{"generate step", false, []string{"[deps 2/5] COPY package.json package-lock.json ./", "[deps 4/5] COPY prisma.config.ts prisma/schema.prisma ./",
			"[deps 5/5] RUN prisma generate", "COPY --from=deps /app/node_modules/.prisma/client"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := copyDir(t, filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "node-prisma"))
			if !c.postinstall {
				editJSON(t, filepath.Join(dir, "package.json"), func(pkg map[string]any) {
					delete(pkg["scripts"].(map[string]any), "postinstall")
				})
			}
			tarball := filepath.Join(t.TempDir(), "image.tar")
			r := buildctl(t, dir, "--output", "type=oci,dest="+tarball).mustSucceed(t, "build testdata/node-prisma")
			for _, step := range c.steps {
				if !strings.Contains(r.out, step) {
					t.Errorf("progress lacks %q:\n%s", step, tail(r.out, 40))
				}
			}
			img := only(t, readOCI(t, tarball))
			_, added := appLayers(t, img)
			t.Logf("image %.1f MiB compressed, the app's layers %.1f MiB uncompressed", mib(img.Compressed), mib(added))
			checkShips(t, img,
				[]string{"/app/node_modules/.prisma/client/default.js", "/app/node_modules/.prisma/client/schema.prisma",
					"/app/node_modules/@prisma/client/package.json", "/app/server.js", "/app/prisma/schema.prisma"},
				[]string{"/app/node_modules/prisma", "/app/node_modules/@prisma/engines", "/app/node_modules/effect", "/app/server.test.js", "/app/package-lock.json"})

			ctr := runContainer(t, img, true)
			page := waitFor(t, ctr.client(t), "http://127.0.0.1:3000/", 60*time.Second, ctr.logs.String)
			if !strings.Contains(page.body, `"models":["Note","Tag"]`) {
				t.Errorf("GET /: %q, want the schema's models", page.body)
			}
		})
	}
}

// TestNodePrismaWorkspace builds testdata/node-prisma-workspace, a workspace of the shape
// Turborepo's Prisma guide describes: the schema, prisma.config.ts and a `postinstall: prisma
// generate` in packages/db ("@acme/db", which re-exports the client), and apps/api depending on
// it, built from apps/api/Dockerfile (`workspace: apps/api`): with pnpm, and with npm and yarn
// (4, node-modules linker), the fixture's pnpm files replaced by testdata/node-prisma-workspace-npm
// or -yarn (the root's `workspaces`, the lockfile, "@acme/db": "*"). deps has the package's
// schema and config before the install, which generates the client. With pnpm, it lands in
// pnpm's store; prod-deps' install afresh, from a lockfile without the CLI as @prisma/client's
// optional peer, runs the package's postinstall again with a stand-in for the CLI and copies
// the generated client back from deps. With npm, it lands in the root's node_modules/.prisma;
// prod-deps prunes without running the workspace packages' scripts again (npm's prune of a
// workspace does: prisma generate failed there), uninstalls the CLI from packages/db and copies
// the client back. With yarn, prod-deps' production focus runs the postinstall again, with the
// stand-in, and the client is copied back. The image holds neither the CLI nor its
// dependencies, and the server, which starts only with the generated client, answers with the
// schema's models as the node user.
func TestNodePrismaWorkspace(t *testing.T) {
	need(t)
	// npm and yarn hoist @prisma/client, its generated client and the CLI to the root's node_modules
	hoistedClient := []string{"/app/node_modules/.prisma/client/", "default.js"}
	hoistedCLI := []string{"/app/node_modules/prisma/", "/app/node_modules/effect/", "/app/node_modules/@prisma/studio-core/"}
	for _, c := range []struct {
		name           string
		overlay        string // testdata/node-prisma-workspace-<overlay> replaces the pnpm files, "" for pnpm
		steps          []string
		absent         []string
		client, noCLIs []string // where the generated client is (a prefix and a suffix); prefixes of the CLI's files
	}{
		{"pnpm", "", []string{
			"packages/db/prisma.config.ts packages/db/prisma/schema.prisma",
			"RUN pnpm install --frozen-lockfile --filter @acme/api...",
			"pnpm-lock.yaml && mkdir -p /tmp/prisma-stub",
			"export PATH=/tmp/prisma-stub:$PATH && rm -rf node_modules packages/db/node_modules apps/api/node_modules && pnpm install --prod",
			"COPY --from=deps /app/node_modules/.pnpm/@prisma+client@*/node_modules/.prisma/client",
		}, []string{"/app/pnpm-lock.yaml", "/app/packages/db/node_modules/prisma"},
			[]string{"/app/node_modules/.pnpm/@prisma+client@", "/node_modules/.prisma/client/default.js"},
			[]string{"/app/node_modules/.pnpm/prisma@", "/app/node_modules/.pnpm/effect@", "/app/node_modules/.pnpm/@prisma+studio-core@"}},
		{"npm", "npm", []string{
			"packages/db/prisma.config.ts packages/db/prisma/schema.prisma",
			"RUN npm ci --workspace apps/api --include-workspace-root",
			"RUN npm prune --omit=dev --workspace apps/api --include-workspace-root --ignore-scripts",
			"RUN npm uninstall --no-save --omit=dev --ignore-scripts prisma --workspace packages/db",
			"COPY --from=deps /app/node_modules/.prisma/client",
		}, []string{"/app/package-lock.json", "/app/node_modules/prisma/package.json", "/app/packages/db/node_modules/prisma/package.json"},
			hoistedClient,
			hoistedCLI},
		{"yarn", "yarn", []string{
			"packages/db/prisma.config.ts packages/db/prisma/schema.prisma .yarnrc.yml",
			"RUN yarn workspaces focus acme @acme/api",
			"export PATH=/tmp/prisma-stub:$PATH && yarn workspaces focus --production @acme/api",
			"COPY --from=deps /app/node_modules/.prisma/client",
		}, []string{"/app/yarn.lock", "/app/node_modules/prisma/package.json", "/app/packages/db/node_modules/prisma/package.json"},
			hoistedClient,
			hoistedCLI},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			dir := copyDir(t, filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "node-prisma-workspace"))
			args := []string{"--opt", "filename=apps/api/Dockerfile"}
			if c.name != "npm" {
				args = append(args, corepackArgs...)
			}
			if c.overlay != "" {
				for _, f := range []string{"pnpm-lock.yaml", "pnpm-workspace.yaml", "package.json", "apps/api/package.json"} { // the last two: npm's below
					if err := os.Remove(filepath.Join(dir, f)); err != nil {
						t.Fatal(err)
					}
				}
				if err := os.CopyFS(dir, os.DirFS(filepath.Join(repoRoot(t), "internal", "e2e", "testdata", "node-prisma-workspace-"+c.overlay))); err != nil {
					t.Fatal(err)
				}
			}
			tarball := filepath.Join(t.TempDir(), "image.tar")
			r := buildctl(t, dir, append(args, "--output", "type=oci,dest="+tarball)...).mustSucceed(t, "build testdata/node-prisma-workspace with "+c.name)
			for _, step := range c.steps {
				if !strings.Contains(r.out, step) {
					t.Errorf("progress lacks %q:\n%s", step, tail(r.out, 40))
				}
			}
			img := only(t, readOCI(t, tarball))
			_, added := appLayers(t, img)
			t.Logf("image %.1f MiB compressed, the app's layers %.1f MiB uncompressed", mib(img.Compressed), mib(added))
			checkShips(t, img, []string{"/app/apps/api/server.js", "/app/packages/db/index.js", "/app/packages/db/prisma/schema.prisma"}, c.absent)
			client := false
			for name := range files(t, img) {
				client = client || (strings.HasPrefix(name, c.client[0]) && strings.HasSuffix(name, c.client[1]))
				for _, cli := range c.noCLIs {
					if strings.HasPrefix(name, cli) {
						t.Errorf("the image holds %s: the CLI, a dev dependency, or its dependencies", name)
					}
				}
			}
			if !client {
				t.Errorf("the image lacks the generated client (%s...%s)", c.client[0], c.client[1])
			}

			ctr := runContainer(t, img, true)
			page := waitFor(t, ctr.client(t), "http://127.0.0.1:3000/", 60*time.Second, ctr.logs.String)
			if !strings.Contains(page.body, `"models":["User","Post"]`) {
				t.Errorf("GET /: %q, want the schema's models", page.body)
			}
		})
	}
}
