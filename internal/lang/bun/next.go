package bun

import "slices"

// A Next.js app whose package manager is bun (`bun create next-app`, typebot's apps, whose
// build and start Nx infers) has no start script running a file: `next start` runs Next.js's
// own server. The Bun provider builds no framework's server but Nitro's, and an `entrypoint` of
// the standalone output's server.js would ship it without `.next/static` and `public/`, which
// Next.js's docs copy beside it (assets answering 404). So planning fails naming the framework,
// rather than hinting at an entry file that is not the fix.

// nextFix is the hint of that failure.
const nextFix = "no field of the spec makes this image: build it with a Dockerfile of its own (Next.js's with-docker example, with bun installing)"

// nextApp says why the package is a Next.js app this provider does not build.
func nextApp(m manifest) (string, bool) {
	if !slices.Contains(m.Deps, "next") && !slices.Contains(m.DevDeps, "next") {
		return "", false
	}
	return "it is a Next.js app (next in its package.json), whose server (`next start`, or the standalone output's server.js " +
		"with .next/static and public beside it) the Bun provider does not build", true
}
