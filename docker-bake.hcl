// Release builds of the frontend image: `docker buildx bake release`.
//
// .github/workflows/release.yml builds the `release` target on a v* tag with docker/bake-action,
// loading docker/metadata-action's bake file after this one, so CI takes its tags and labels from
// the git tag; hack/release.sh builds the same target here, where this file's
// docker-metadata-action target computes the same tags from VERSION.

// VERSION is the release, semver without the "v" (1.2.3, 1.3.0-rc.1), or dev.
variable "VERSION" {
  default = "dev"
  validation {
    condition     = VERSION == "dev" || length(regexall("^[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?$", VERSION)) > 0
    error_message = "VERSION must be a semantic version without a leading v (1.2.3, 1.3.0-rc.1) or dev."
  }
}

// IMAGE is the repository the tags name.
variable "IMAGE" {
  default = "org/multistage-frontend"
}

// release_tags are the channels a version publishes, as metadata-action's semver patterns make
// them: 1.2.3 is also 1.2, 1 and latest; a pre-release (1.3.0-rc.1) and dev only name themselves.
function "release_tags" {
  params = [image, version]
  result = length(regexall("^[0-9]+\\.[0-9]+\\.[0-9]+$", version)) > 0 ? [
    "${image}:${version}",
    "${image}:${join(".", slice(split(".", version), 0, 2))}",
    "${image}:${split(".", version)[0]}",
    "${image}:latest",
  ] : ["${image}:${version}"]
}

// docker-metadata-action is replaced in CI by docker/metadata-action's bake file.
target "docker-metadata-action" {
  tags = release_tags(IMAGE, VERSION)
}

target "release" {
  inherits   = ["docker-metadata-action"]
  context    = "."
  dockerfile = "Dockerfile"
  platforms  = ["linux/amd64", "linux/arm64"]
  args = {
    VERSION = VERSION
  }
  attest = [
    "type=provenance,mode=max",
    "type=sbom",
  ]
}

group "default" {
  targets = ["release"]
}
