package spec

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

const (
	// maxNodes bounds the values a spec may expand to, counting every alias expansion,
	// so an alias bomb is refused instead of exhausting memory.
	maxNodes = 20000
	// maxDepth bounds nesting; no field of the spec nests deeper than four levels.
	maxDepth = 16
)

// decoder walks a yaml.Node tree into Go values strictly: unknown fields, wrong types and
// duplicate keys become located errors, and every error is collected.
type decoder struct {
	file  string
	errs  Errors
	pos   map[string]Pos
	notes map[string]string
	nodes int
}

// nodeDecoder is implemented by spec types whose YAML form is not a plain struct, list or scalar.
type nodeDecoder interface {
	decodeYAML(d *decoder, n *yaml.Node, path string)
}

func (d *decoder) errorf(n *yaml.Node, hint string, format string, args ...any) {
	e := &Error{File: d.file, Msg: fmt.Sprintf(format, args...), Hint: hint}
	if n != nil {
		e.Line, e.Column, e.EndLine = n.Line, n.Column, endLine(n)
	}
	d.errs = append(d.errs, e)
}

// enter resolves aliases and charges the node budget; nil means stop descending.
func (d *decoder) enter(n *yaml.Node, depth int) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if n == nil {
		return nil
	}
	d.nodes++
	if d.nodes == maxNodes+1 {
		d.errorf(n, "", "the spec expands to more than %d values (YAML aliases?); refusing it", maxNodes)
	}
	if d.nodes > maxNodes {
		return nil
	}
	if depth > maxDepth {
		d.errorf(n, "", "the spec nests deeper than %d levels", maxDepth)
		return nil
	}
	return n
}

func (d *decoder) value(n *yaml.Node, v reflect.Value, path string, depth int) {
	if n = d.enter(n, depth); n == nil {
		return
	}
	if v.CanAddr() {
		if nd, ok := v.Addr().Interface().(nodeDecoder); ok {
			nd.decodeYAML(d, n, path)
			return
		}
	}
	switch v.Kind() {
	case reflect.Pointer:
		if isNull(n) {
			return
		}
		nv := reflect.New(v.Type().Elem())
		d.value(n, nv.Elem(), path, depth)
		v.Set(nv)
	case reflect.Struct:
		d.mapping(n, v, path, depth)
	case reflect.Slice:
		if isNull(n) {
			return
		}
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, "", "`%s` must be a list, not %s", path, describe(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			ip := fmt.Sprintf("%s[%d]", path, i)
			d.pos[ip] = Pos{item.Line, item.Column}
			d.value(item, s.Index(i), ip, depth+1)
		}
		v.Set(s)
	case reflect.String:
		if s, ok := d.scalar(n, path); ok {
			v.SetString(s)
		}
	case reflect.Bool:
		b, ok := d.scalar(n, path)
		if !ok {
			return
		}
		if n.Tag != "!!bool" {
			d.errorf(n, "", "`%s` must be true or false, not %q", path, b)
			return
		}
		v.SetBool(b == "true" || b == "True" || b == "TRUE")
	case reflect.Int:
		s, ok := d.scalar(n, path)
		if !ok {
			return
		}
		i, err := strconv.Atoi(s)
		if n.Tag != "!!int" || err != nil {
			d.errorf(n, "", "`%s` must be a whole number, not %q", path, s)
			return
		}
		v.SetInt(int64(i))
	default:
		panic("spec: no YAML decoding for " + v.Type().String())
	}
}

// scalar returns a scalar's text as written: `version: 1.20` stays "1.20", not the float 1.2.
func (d *decoder) scalar(n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "", "`%s` must be a single value, not %s", path, describe(n))
		return "", false
	}
	if isNull(n) {
		return "", true
	}
	return n.Value, true
}

// mapping decodes a YAML mapping into a struct by its yaml tags.
func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path string, depth int) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		what := "the spec"
		if path != "" {
			what = "`" + path + "`"
		}
		d.errorf(n, "", "%s must be a mapping of fields, not %s", what, describe(n))
		return
	}
	fields := structFields(v.Type())
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k = d.enter(k, depth+1); k == nil {
			continue
		}
		fp := join(path, k.Value)
		if k.Kind != yaml.ScalarNode {
			d.errorf(k, "", "a field name must be a plain word, not %s", describe(k))
			continue
		}
		idx, ok := fields[k.Value]
		if !ok {
			hint := ""
			if s := suggest(k.Value, names); s != "" {
				hint = fmt.Sprintf("did you mean `%s`?", join(path, s))
			} else {
				hint = "valid fields here: " + strings.Join(slices.Sorted(slices.Values(names)), ", ")
			}
			d.errorf(k, hint, "unknown field `%s`", fp)
			continue
		}
		if seen[k.Value] {
			d.errorf(k, "", "field `%s` is written twice", fp)
			continue
		}
		seen[k.Value] = true
		d.pos[fp] = Pos{k.Line, k.Column}
		d.value(val, v.Field(idx), fp, depth+1)
	}
}

// structFields maps yaml names to field indexes; fields tagged "-" are not part of the file.
func structFields(t reflect.Type) map[string]int {
	out := map[string]int{}
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("yaml")
		name, _, _ := strings.Cut(tag, ",")
		if name == "" || name == "-" {
			continue
		}
		out[name] = i
	}
	return out
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	switch n.Tag {
	case "!!bool":
		return "the boolean " + n.Value
	case "!!int", "!!float":
		return "the number " + n.Value
	case "!!null":
		return "an empty value"
	}
	return fmt.Sprintf("%q", n.Value)
}

// endLine is the last line a node spans, so source maps can underline a whole block.
func endLine(n *yaml.Node) int {
	end := n.Line
	if n.Kind == yaml.ScalarNode && (n.Style == yaml.LiteralStyle || n.Style == yaml.FoldedStyle) {
		end += strings.Count(strings.TrimRight(n.Value, "\n"), "\n") + 1
	}
	for _, c := range n.Content {
		if c.Kind != yaml.AliasNode {
			end = max(end, endLine(c))
		}
	}
	return end
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}
