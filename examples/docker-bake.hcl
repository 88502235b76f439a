# Every example, built through its `# syntax=org/multistage-frontend` spec. From this directory:
#
#   docker buildx bake                 # every example's image (group "default")
#   docker buildx bake test            # every example's tests: the tester stage, nothing exported
#   docker buildx bake go go-test      # one example's image and tests
#   docker buildx bake --set go.output=type=oci,dest=go.tar go
#
# Each name in EXAMPLES is a directory here with a Dockerfile holding its spec; it gets a target
# named after it (the image) and one named <name>-test (the tests). Adding an example is adding
# its directory's name to EXAMPLES. A monorepo's apps each have their own spec,
# <dir>/apps/<app>/Dockerfile, built with the repository as the context (docker build -f
# apps/<app>/Dockerfile .): WORKSPACE_APPS lists them, as targets <dir>-<app> and <dir>-<app>-test.
# An example with several processes (a Procfile, or the spec's `processes`) builds its default
# one as <name>; PROCESSES lists the others, as targets <name>-<process> (--target <process>).

variable "EXAMPLES" {
  default = ["bun", "deno", "dotnet", "go", "go-cgo-sqlite", "go-multi", "go-vite-ui", "go-work", "java", "java-gradle", "node", "node-astro", "node-express", "node-nest", "node-next", "node-nuxt", "node-nx", "node-pnpm", "node-procfile", "node-vite-spa", "node-yarn", "php", "python", "python-poetry", "ruby", "rust"]
}

variable "PROCESSES" {
  default = [{ dir = "node-procfile", process = "worker" }]
}

variable "WORKSPACE_APPS" {
  default = [{ dir = "node-pnpm-workspace", app = "api" }, { dir = "node-pnpm-workspace", app = "web" }]
}

# builds are every spec: a name, the build context and the spec's path in it.
function "builds" {
  params = []
  result = concat(
    [for ex in EXAMPLES : { name = ex, context = ex, dockerfile = "Dockerfile" }],
    [for w in WORKSPACE_APPS : { name = "${w.dir}-${w.app}", context = w.dir, dockerfile = "apps/${w.app}/Dockerfile" }]
  )
}

group "default" {
  targets = ["image", "process"]
}

# The runtime image of each example: the spec's default target.
target "image" {
  name       = b.name
  matrix     = { b = builds() }
  context    = b.context
  dockerfile = b.dockerfile
}

# The tests of each example: the tester stage, which fails the build when a test fails.
target "test" {
  name       = "${b.name}-test"
  matrix     = { b = builds() }
  context    = b.context
  dockerfile = b.dockerfile
  target     = "tester"
  output     = ["type=cacheonly"]
}

# The other processes of an example with several: the same build, another target.
target "process" {
  name       = "${p.dir}-${p.process}"
  matrix     = { p = PROCESSES }
  context    = p.dir
  dockerfile = "Dockerfile"
  target     = p.process
}
