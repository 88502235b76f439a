# multistage-frontend. Two commands matter: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
export PATH := /usr/local/go/bin:$(PATH)

.PHONY: demo test unit image testbed down build fuzz bench

## demo: build examples/go through `# syntax=org/multistage-frontend` and print what was built
demo:
	hack/demo.sh

## test: everything (tools, fixture images, testbed, unit, fuzz smoke and end-to-end tests)
test:
	hack/test.sh

## bench: the frontend against hand-written Dockerfiles, BENCH_N rounds (default 3); the table
## goes to docs/benchmarks.md. Slow (about 20 minutes on 2 cores), so not part of `make test`.
bench:
	hack/bench.sh

## unit: the fast tests only (end-to-end tests skip without a testbed)
unit:
	go vet ./...
	go test ./...

## build: the frontend binary, stamped with VERSION (default: dev)
VERSION ?= dev
build:
	CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X github.com/org/multistage-frontend/internal/version.Version=$(VERSION)" -o bin/multistage-frontend .

## image: build and push the frontend image to the testbed registry
image:
	hack/image.sh

## testbed / down: start or stop the local registry and buildkitd
testbed:
	hack/install.sh
	hack/fixtures.sh all
	hack/testbed.sh up
down:
	hack/testbed.sh down

## fuzz: run every fuzz target for FUZZTIME (default 10m)
fuzz:
	FUZZTIME=$${FUZZTIME:-10m} hack/fuzz.sh
