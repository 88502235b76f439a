package node

import (
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/spec"
)

// strippedUnflagged is the first release of each line whose node runs a TypeScript file
// without a flag (type stripping: 22.18.0 and 23.6.0; every release from 24 on).
var strippedUnflagged = map[int]int{22: 18, 23: 6}

// typeScriptEntry refuses, at plan time, a TypeScript entry that node itself runs (no loader
// such as tsx among its flags, nothing built from it) on a Node.js that cannot strip types:
// such an image builds and dies at start on the file's first type annotation (an Express
// service whose main is src/main.ts on Node.js 18, twelfth sweep).
func typeScriptEntry(s *spec.Spec, e entry, v nodeVersion) error {
	switch path.Ext(e.File) {
	case ".ts", ".mts", ".cts":
	default:
		return nil
	}
	if slices.ContainsFunc(e.Flags, func(f string) bool {
		return f == "--import" || f == "--require" || f == "-r" || strings.HasPrefix(f, "--loader") ||
			strings.HasPrefix(f, "--experimental-loader") || strings.HasPrefix(f, "--experimental-strip-types")
	}) {
		return nil
	}
	major, err := strconv.Atoi(v.major)
	if err != nil || major >= 24 {
		return nil
	}
	minor := -1 // a line's tag alone is its latest release
	if _, m, ok := strings.Cut(v.tag, "."); ok {
		minor, _ = strconv.Atoi(strings.SplitN(m, ".", 2)[0])
	}
	if first, ok := strippedUnflagged[major]; ok && (minor < 0 || minor >= first) {
		return nil
	}
	return lang.FieldError(s, lang.FirstField(s, "version", "language"),
		"set `version: 24` (node runs TypeScript from 22.18 and 23.6 on), or build JavaScript from it and run that",
		"Node.js %s (%s) cannot run %s, a TypeScript file: the image would stop at start on its first type annotation",
		v.tag, v.source(), e.File)
}
