#!/usr/bin/env bash
# Build the frontend image from the root Dockerfile with the standard Dockerfile frontend and
# push it to the testbed registry as org/multistage-frontend, where `# syntax=org/multistage-frontend`
# finds it through the docker.io mirror.
#
#   hack/image.sh [extra buildctl args...]
#
# VERSION (default dev) is stamped into the binary and the image's version label.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_bin buildctl
ROOT=$(cd "$HACK_DIR/.." && pwd)
: "${BUILDKIT_HOST:=unix://$MSF_STATE/buildkitd.sock}"
# MSF_FRONTEND_TAG lets a work tree push its own tag; the e2e tests then point
# `# syntax=org/multistage-frontend` at it with a named context (see internal/e2e).
IMAGE=$MSF_REGISTRY_ADDR/org/multistage-frontend:${MSF_FRONTEND_TAG:-latest}

log "building the frontend image $IMAGE"
buildctl --addr "$BUILDKIT_HOST" build --progress="${PROGRESS:-auto}" \
	--frontend dockerfile.v0 --local context="$ROOT" --local dockerfile="$ROOT" \
	--opt build-arg:VERSION="${VERSION:-dev}" \
	--output "type=image,name=$IMAGE,push=true,registry.insecure=true" "$@"
