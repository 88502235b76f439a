#!/bin/sh
# Builds ledger as its release does: the UI in frontend/ first, copied into the directory the
# Go package backend/internal/web embeds, then the program.
set -eu

build_frontend() {
  (cd frontend && npm ci && npm run build)
  rm -rf backend/internal/web/dist
  mkdir -p backend/internal/web/dist
  cp -R frontend/dist/. backend/internal/web/dist/
  touch backend/internal/web/dist/.keep
}

build_backend() {
  mkdir -p build
  (cd backend && CGO_ENABLED=0 go build -trimpath -o ../build/ledger ./cmd/ledger)
}

case "${1:-build}" in
build)
  build_frontend
  build_backend
  ;;
frontend) build_frontend ;;
backend) build_backend ;;
*)
  echo "usage: $0 [build|frontend|backend]" >&2
  exit 1
  ;;
esac
