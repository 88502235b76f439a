# Every example, built through its `# syntax=org/multistage-frontend` spec. From this directory:
#
#   docker buildx bake                 # every example's image (group "default")
#   docker buildx bake test            # every example's tests: the tester stage, nothing exported
#   docker buildx bake go go-test      # one example's image and tests
#   docker buildx bake --set go.output=type=oci,dest=go.tar go
#
# Each name in EXAMPLES is a directory here with a Dockerfile holding its spec; it gets a target
# named after it (the image) and one named <name>-test (the tests). Adding an example is adding
# its directory's name to EXAMPLES.

variable "EXAMPLES" {
  default = ["go", "java", "java-gradle", "node", "node-pnpm", "node-vite-spa", "node-yarn", "python", "python-poetry", "rust"]
}

group "default" {
  targets = ["image"]
}

# The runtime image of each example: the spec's default target.
target "image" {
  name    = ex
  matrix  = { ex = EXAMPLES }
  context = ex
}

# The tests of each example: the tester stage, which fails the build when a test fails.
target "test" {
  name    = "${ex}-test"
  matrix  = { ex = EXAMPLES }
  context = ex
  target  = "tester"
  output  = ["type=cacheonly"]
}
