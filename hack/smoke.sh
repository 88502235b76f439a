#!/usr/bin/env bash
# Smoke-test a running testbed (hack/testbed.sh up + hack/fixtures.sh):
#   hack/smoke.sh go    Go proxy through the CA inside a build, multi-platform
#                       distroless push, docker buildx --call targets
#   hack/smoke.sh all   + one toolchain check per language image
# Exit 0 when every check passed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
eval "$("$HACK_DIR/testbed.sh" env)"
T=$(mktemp -d /tmp/msf-smoke.XXXX)
trap 'rm -rf "$T"' EXIT

build() { # build DIR [buildctl args]: dockerfile.v0 build of DIR/Dockerfile
	local d=$1
	shift
	buildctl build --frontend dockerfile.v0 --local context="$d" --local dockerfile="$d" --progress plain "$@" \
		>"$d.log" 2>&1 || { tail -n 30 "$d.log" >&2; die "build $d failed"; }
}

check_go() {
	mkdir -p "$T/go"
	printf 'module example.com/smoke\n\ngo 1.26\n\nrequire github.com/google/uuid v1.6.0\n' >"$T/go/go.mod"
	cat >"$T/go/Dockerfile" <<-'EOF'
		FROM golang:1.26
		WORKDIR /src
		COPY go.mod ./
		RUN go version && go mod download -x github.com/google/uuid && ls /go/pkg/mod/github.com/google/
	EOF
	build "$T/go" --no-cache
	grep -q 'go version go1.26' "$T/go.log" && grep -q 'uuid@v1.6.0' "$T/go.log" || die "go check: unexpected output"
	log "ok: FROM golang:1.26 ran go version + go mod download via the Go proxy"
}

check_distroless_push() {
	mkdir -p "$T/dl"
	echo "hello from $(date -Is)" >"$T/dl/hello.txt"
	printf 'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY hello.txt /hello.txt\n' >"$T/dl/Dockerfile"
	build "$T/dl" --opt platform=linux/amd64,linux/arm64 \
		--output "type=image,name=$MSF_REGISTRY/test/x:1,push=true,registry.insecure=true"
	crane manifest --insecure "$MSF_REGISTRY/test/x:1" | grep -q '"arm64"' || die "test/x:1 has no arm64 manifest"
	log "ok: distroless multi-platform image pushed to $MSF_REGISTRY/test/x:1 (amd64+arm64)"
}

check_buildx() {
	mkdir -p "$T/bx"
	cat >"$T/bx/Dockerfile" <<-'EOF'
		# Two stages; --call targets lists them.
		FROM golang:1.26 AS build
		RUN echo build
		# the runtime image
		FROM gcr.io/distroless/static-debian12:nonroot AS runtime
		COPY --from=build /etc/hostname /x
	EOF
	docker buildx build --builder msf --call targets "$T/bx" >"$T/bx.log" 2>&1 || { cat "$T/bx.log" >&2; die "buildx failed"; }
	cat "$T/bx.log"
	grep -q runtime "$T/bx.log" || die "buildx --call targets: no runtime target"
	log "ok: docker buildx build --builder msf --call targets"
}

check_lang() { # check_lang NAME DOCKERFILE_BODY: build it, show the first RUN output lines
	mkdir -p "$T/$1"
	printf '%s\n' "$2" >"$T/$1/Dockerfile"
	build "$T/$1" --no-cache
	log "ok: $1: $(grep -E '^#[0-9]+ [0-9.]+ ' "$T/$1.log" | sed -E 's/^#[0-9]+ [0-9.]+ //' | head -n 4 | tr '\n' ' ')"
}

check_maven() { # offline maven build with a junit test, jar run on distroless java
	mkdir -p "$T/mvn/src/main/java/demo" "$T/mvn/src/test/java/demo"
	cat >"$T/mvn/pom.xml" <<-'EOF'
		<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
		  <groupId>demo</groupId><artifactId>demo</artifactId><version>1.0</version>
		  <properties><maven.compiler.release>17</maven.compiler.release></properties>
		  <dependencies><dependency><groupId>junit</groupId><artifactId>junit</artifactId>
		    <version>4.13.2</version><scope>test</scope></dependency></dependencies>
		</project>
	EOF
	echo 'package demo; public class App { public static void main(String[] a) { System.out.println("hello from java"); } }' \
		>"$T/mvn/src/main/java/demo/App.java"
	echo 'package demo; public class AppTest { @org.junit.Test public void t() { org.junit.Assert.assertTrue(true); } }' \
		>"$T/mvn/src/test/java/demo/AppTest.java"
	printf '%s\n' 'FROM maven:3-eclipse-temurin-17 AS build' 'WORKDIR /app' 'COPY . .' 'RUN mvn -v && mvn -B -q clean package' \
		'FROM gcr.io/distroless/java17-debian12:nonroot' 'COPY --from=build /app/target/demo-1.0.jar /app.jar' \
		'RUN ["/usr/bin/java", "-cp", "/app.jar", "demo.App"]' >"$T/mvn/Dockerfile"
	build "$T/mvn" --no-cache
	grep -q 'hello from java' "$T/mvn.log" || die "maven check: jar did not run"
	log "ok: mvn clean package (junit, offline repo) + jar run on java17 distroless: $(grep -m1 'Apache Maven' "$T/mvn.log" | sed -E 's/^#[0-9]+ [0-9.]+ //')"
}

check_langs() {
	check_lang node 'FROM node:20
RUN node --version && npm --version'
	check_lang node-slim-npm 'FROM node:20-slim
WORKDIR /app
RUN id node && npm install --no-audit --no-fund is-number@7.0.0 && node -e "console.log(require(\"is-number\")(5))"'
	check_lang node-distroless 'FROM gcr.io/distroless/nodejs20-debian12:nonroot
RUN ["/nodejs/bin/node", "-e", "console.log(process.version, require(\"os\").userInfo().uid)"]'
	for v in 24 22; do
		check_lang "node$v" "FROM node:$v
RUN node --version && npm --version && corepack --version && gcc --version | head -n1 && test -f /usr/local/include/node/node.h"
		check_lang "node$v-slim-npm" "FROM node:$v-slim
WORKDIR /app
RUN id node && npm install --no-audit --no-fund is-number@7.0.0 && node -e 'console.log(require(\"is-number\")(5))'"
		check_lang "node$v-distroless" "FROM gcr.io/distroless/nodejs$v-debian12:nonroot
RUN [\"/nodejs/bin/node\", \"-e\", \"console.log(process.version, require('os').userInfo().uid)\"]"
	done
	check_lang py-slim 'FROM python:3.11-slim
RUN python --version && python -m venv /tmp/v && /tmp/v/bin/pip --version && pip --version'
	check_lang py 'FROM python:3.11
RUN python -m venv /tmp/v && /tmp/v/bin/pip --version && python3-config --includes'
	check_lang py-distroless 'FROM gcr.io/distroless/python3-debian12:nonroot
RUN ["/usr/bin/python3", "-c", "import ssl, sqlite3, json, ctypes, uuid, lzma, bz2, zlib, hashlib, decimal; print(\"python ok\", ssl.OPENSSL_VERSION)"]'
	check_lang jdk 'FROM eclipse-temurin:17-jdk
RUN java -version 2>&1 && javac -version && echo JAVA_HOME=$JAVA_HOME'
	check_lang jre 'FROM eclipse-temurin:17-jre
RUN java -version 2>&1'
	check_maven
	check_lang rust 'FROM rust:1
RUN cargo --version && rustc --version && cargo new --vcs none /tmp/h && cd /tmp/h && cargo run -q'
	check_lang alpine '# syntax=docker/dockerfile:1
FROM alpine:3.22
RUN cat /etc/alpine-release && addgroup -S app && adduser -S -G app app && id app && apk add --no-cache ca-certificates tzdata'
	check_lang go-distroless 'FROM golang:1.26 AS b
RUN printf "package main\nimport \"fmt\"\nfunc main() { fmt.Println(\"static go ok\") }\n" > /m.go && CGO_ENABLED=0 go build -o /app /m.go
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=b /app /app
RUN ["/app"]'
	check_lang cgo-distroless-base 'FROM golang:1.26 AS b
RUN printf "package main\nimport (\"fmt\"; \"net\")\nfunc main() { _, err := net.LookupHost(\"localhost\"); fmt.Println(\"cgo go ok\", err) }\n" > /m.go && go build -o /app /m.go
FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=b /app /app
RUN ["/app"]'
}

set_=${1:-go}
check_go
check_distroless_push
check_buildx
[ "$set_" = all ] && check_langs
log "smoke ($set_): all checks passed"
