// Package e2e holds the end-to-end tests: real builds on a real buildkitd, through
// `# syntax=org/multistage-frontend` with buildctl and docker buildx, and in-process through
// client.Build. `make test` starts the testbed (hack/testbed.sh) and runs them; without a
// testbed they skip, except under CI, where a missing buildkitd is a failure.
package e2e
