package bun

import (
	"path"
	"strings"

	"github.com/pelletier/go-toml/v2"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// bunfigNotes warn (BunfigNotShipped) when bunfig.toml sets what bun reads at run time (a
// top-level preload, [serve.static]'s plugins) and the image leaves the file out, which it does
// unless the spec's files name it. A bunfig.toml that is not TOML says nothing here: bun install
// reports it.
func bunfigNotes(s *spec.Spec, f lang.Facts) []plan.Note {
	if !f.Has("bunfig.toml") {
		return nil
	}
	for _, fc := range s.Files {
		if path.Clean(strings.TrimPrefix(fc.Src, "./")) == "bunfig.toml" {
			return nil
		}
	}
	var cfg struct {
		Preload any `toml:"preload"`
		Serve   struct {
			Static struct {
				Plugins any `toml:"plugins"`
			} `toml:"static"`
		} `toml:"serve"`
	}
	if toml.Unmarshal(f["bunfig.toml"], &cfg) != nil {
		return nil
	}
	var set []string
	if v := names(cfg.Preload); v != "" {
		set = append(set, "preload "+v)
	}
	if v := names(cfg.Serve.Static.Plugins); v != "" {
		set = append(set, "[serve.static] plugins "+v)
	}
	if len(set) == 0 {
		return nil
	}
	return append([]plan.Note(nil), rules.BunfigNotShipped.Note("", rules.BunfigNotShipped.Format(strings.Join(set, " and "))))
}

// names is a bunfig value that is a string or a list of strings, joined; "" for anything else.
func names(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		var out []string
		for _, e := range v {
			if s, ok := e.(string); ok && s != "" {
				out = append(out, s)
			}
		}
		return strings.Join(out, ", ")
	}
	return ""
}
