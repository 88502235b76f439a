# The frontend image: a static binary on scratch, non-root, no shell, and no network.
# Built with the standard Dockerfile frontend (make image; releases: docker-bake.hcl).
# VERSION is the release (1.2.3, no "v"): stamped into the binary and the image's version label.

# make demo on its local testbed replaces this stage (a named context, context:build) with a
# directory holding the same binary at /out/multistage-frontend, compiled on the host (hack/demo.sh).
FROM --platform=$BUILDPLATFORM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,id=go-mod,target=/go/pkg/mod go mod download
COPY . .
ARG TARGETOS TARGETARCH VERSION=dev
RUN --mount=type=cache,id=go-mod,target=/go/pkg/mod \
    --mount=type=cache,id=go-build,target=/root/.cache/go-build \
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH \
    go build -trimpath -ldflags="-s -w -X github.com/org/multistage-frontend/internal/version.Version=$VERSION" \
    -o /out/multistage-frontend .

FROM scratch
ARG VERSION=dev
COPY --from=build /out/multistage-frontend /bin/multistage-frontend
USER 65532:65532
LABEL moby.buildkit.frontend.network.none="true" \
      moby.buildkit.frontend.caps="moby.buildkit.frontend.inputs,moby.buildkit.frontend.subrequests,moby.buildkit.frontend.contexts" \
      org.opencontainers.image.title="multistage-frontend" \
      org.opencontainers.image.description="BuildKit frontend: a short YAML spec in, an expert multi-stage build out" \
      org.opencontainers.image.version="$VERSION"
ENTRYPOINT ["/bin/multistage-frontend"]
