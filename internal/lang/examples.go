package lang

import (
	"slices"
	"strings"
)

// exampleNames are the directory names a repository keeps examples or samples of what it ships
// in, whole (examples/http-server) or as a suffix (xxl-job's xxl-job-executor-samples).
var exampleNames = []string{"examples", "example", "samples", "sample"}

// InExamples reports a directory of the context (a module, a project) below or at one of a
// repository's examples or samples: how to use what it ships, not what it ships.
func InExamples(dir string) bool { return InDirNamed(dir, exampleNames) }

// InDirNamed reports a directory below or at one named one of names, whole or as a suffix after
// - or _ (examples, xxl-job-executor-samples, _examples).
func InDirNamed(dir string, names []string) bool {
	return slices.ContainsFunc(strings.Split(dir, "/"), func(part string) bool {
		for _, n := range names {
			if part == n || strings.HasSuffix(part, "-"+n) || strings.HasSuffix(part, "_"+n) {
				return true
			}
		}
		return false
	})
}

// WithoutExamples are the directories of dirs outside the repository's examples (InExamples).
func WithoutExamples(dirs []string) []string {
	return slices.DeleteFunc(slices.Clone(dirs), InExamples)
}
