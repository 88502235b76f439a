package langtest

import "github.com/org/multistage-frontend/internal/lang"

// ServerAndClient is a pnpm workspace of ours: a NestJS server in apps/server (compiled by tsc
// into dist/, serving files with @nestjs/serve-static), a Vite UI in apps/client, and a package
// both use. Tests add the server's sources, which say where it serves the UI from.
func ServerAndClient() lang.Facts {
	return lang.Facts{
		"package.json":        []byte(`{"name": "tidewatch", "private": true, "packageManager": "pnpm@10.12.1"}`),
		"pnpm-lock.yaml":      []byte("lockfileVersion: '9.0'\n"),
		"pnpm-workspace.yaml": []byte("packages:\n  - apps/*\n  - packages/*\n"),
		"apps/server/package.json": []byte(`{"name": "@tw/server", "scripts": {"build": "nest build", "start:prod": "node dist/main"},
			"dependencies": {"@nestjs/core": "^11.0.0", "@nestjs/serve-static": "^5.0.0", "@tw/shared": "workspace:*"},
			"devDependencies": {"@nestjs/cli": "^11.0.0", "typescript": "^5.8.0"}}`),
		"apps/server/nest-cli.json": []byte(`{"sourceRoot": "src"}`),
		"apps/server/tsconfig.json": []byte(`{"compilerOptions": {"outDir": "./dist"}}`),
		"apps/client/package.json": []byte(`{"name": "@tw/client", "scripts": {"build": "vite build"},
			"dependencies": {"@tw/shared": "workspace:*"}, "devDependencies": {"vite": "^7.3.0"}}`),
		"packages/shared/package.json": []byte(`{"name": "@tw/shared", "main": "index.js"}`),
	}
}
