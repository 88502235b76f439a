package node

import (
	"slices"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
	"github.com/org/multistage-frontend/internal/plan"
)

// t3Env is a T3 app's env module: t3-env's createEnv with the server's secrets, skipping the
// validation on a variable (skip is the skipValidation option's value).
func t3Env(skip string) string {
	return `import { createEnv } from "@t3-oss/env-nextjs";
import { z } from "zod";

export const env = createEnv({
  server: {
    DATABASE_URL: z.string().url(),
    AUTH_SECRET: z.string(),
  },
  client: {},
  runtimeEnv: { DATABASE_URL: process.env.DATABASE_URL, AUTH_SECRET: process.env.AUTH_SECRET },
  skipValidation: ` + skip + `,
  emptyStringAsUndefined: true,
});
`
}

// TestT3EnvValidationIsSkippedForTheBuild: a T3 app's next.config imports its env module, whose
// createEnv validates the server's secrets at `next build`, which has none: the build stopped
// there. The builder sets the variable its skipValidation reads, to the value it compares, as
// create-t3-app's Docker recipe does (`SKIP_ENV_VALIDATION=1`) and useSend's Dockerfile
// (`"true"`); `next start` still validates. In a workspace package too (useSend's apps/web), on
// every build command; not when build.env sets it, nor for an app without t3-env.
func TestT3EnvValidationIsSkippedForTheBuild(t *testing.T) {
	app := `{"name": "mail", "type": "module", "scripts": {"build": "next build", "start": "next start"},
		"dependencies": {"next": "^15", "react": "^19", "@t3-oss/env-nextjs": "^0.12", "zod": "^3"}}`
	skipEnv := func(p *plan.Plan) []plan.Env {
		var out []plan.Env
		for _, r := range langtest.Runs(p.Stage("builder")) {
			for _, e := range r.Env {
				if e.Key == "SKIP_ENV_VALIDATION" {
					out = append(out, e)
				}
			}
		}
		return out
	}
	for _, c := range []struct {
		name, config, env, module, skip, want string
	}{
		{"create-t3-app", `/** @type {import("next").NextConfig} */` + "\nimport \"./src/env.js\";\n\nconst config = {};\nexport default config;\n",
			"src/env.js", "src/env.js", "!!process.env.SKIP_ENV_VALIDATION", "1"},
		{"await import, compared to true", "await import(\"./src/env.js\");\n\nexport default { output: process.env.DOCKER_OUTPUT ? \"standalone\" : undefined };\n",
			"src/env.js", "src/env.js", `process.env.SKIP_ENV_VALIDATION === "true"`, "true"},
		{"a TypeScript module", "import \"./src/env\";\nexport default {};\n",
			"src/env.ts", "src/env.ts", `process.env.SKIP_ENV_VALIDATION === "1"`, "1"},
	} {
		ctx := map[string]string{"package.json": app, "package-lock.json": "{}", "next.config.js": c.config, c.module: t3Env(c.skip)}
		src := "language: node\nports: [3000]\n"
		p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))
		if got := skipEnv(p); len(got) != 1 || got[0].Value != c.want {
			t.Errorf("%s: the build sets %v, want SKIP_ENV_VALIDATION=%s", c.name, got, c.want)
		}
		for _, e := range p.Image.Env {
			if e.Key == "SKIP_ENV_VALIDATION" {
				t.Errorf("%s: the image skips the validation", c.name)
			}
		}
	}

	// build.env sets it: the spec's value alone
	ctx := map[string]string{"package.json": app, "package-lock.json": "{}", "next.config.js": "import \"./src/env.js\";\nexport default {};\n",
		"src/env.js": t3Env("!!process.env.SKIP_ENV_VALIDATION")}
	src := "language: node\nbuild:\n  env: {SKIP_ENV_VALIDATION: \"yes\"}\n"
	if got := skipEnv(provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))); slices.ContainsFunc(got, func(e plan.Env) bool { return e.Value != "yes" }) {
		t.Errorf("build.env: the build sets %v", got)
	}
	// an env module of its own, without t3-env: nothing
	ctx["src/env.js"] = "export const env = { skipValidation: !!process.env.SKIP_ENV_VALIDATION };\n"
	src = "language: node\n"
	if got := skipEnv(provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ctx))); len(got) != 0 {
		t.Errorf("no t3-env: the build sets %v", got)
	}

	// a workspace package: every build command of the closure
	ws := map[string]string{
		"package.json":        `{"name": "mailer", "private": true, "scripts": {"build": "turbo build"}, "devDependencies": {"turbo": "^2"}}`,
		"pnpm-lock.yaml":      "lockfileVersion: '9.0'\n",
		"pnpm-workspace.yaml": "packages:\n  - \"packages/*\"\n  - \"apps/*\"\n",
		"apps/web/package.json": `{"name": "web", "scripts": {"build": "next build", "start": "next start"},
			"dependencies": {"next": "^15", "@t3-oss/env-nextjs": "^0.12", "@mailer/editor": "workspace:*"}}`,
		"apps/web/next.config.js":       "await import(\"./src/env.js\");\nexport default { transpilePackages: [\"@mailer/editor\"] };\n",
		"apps/web/src/env.js":           t3Env(`process.env.SKIP_ENV_VALIDATION === "true"`),
		"packages/editor/package.json":  `{"name": "@mailer/editor", "scripts": {"build": "tsup"}, "devDependencies": {"tsup": "^8"}}`,
		"apps/smtp-server/package.json": `{"name": "smtp-server", "scripts": {"build": "tsup", "start": "node dist/index.js"}}`,
	}
	src = "language: node\nworkspace: apps/web\nports: [3000]\n"
	p := provider.MustPlan(t, src, langtest.Gathered(t, Provider{}, src, ws))
	if got := skipEnv(p); len(got) != 2 || got[0].Value != "true" {
		t.Errorf("workspace: the builds set %v, want SKIP_ENV_VALIDATION=true on both", got)
	}
}
