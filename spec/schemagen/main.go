// Command schemagen writes spec/schema.json, the JSON schema of the build spec, from the spec's
// Go types and their doc comments. `go generate ./spec` runs it in the spec directory; the test
// beside it fails when the committed schema is stale.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"reflect"
	"strings"

	"github.com/invopop/jsonschema"
	"github.com/org/multistage-frontend/spec"
)

// SchemaURL is where editors fetch the schema from: the committed file on the main branch.
const SchemaURL = "https://raw.githubusercontent.com/org/multistage-frontend/main/spec/schema.json"

func main() {
	out := flag.String("o", "schema.json", "file to write")
	vocab := flag.String("vocabulary", "vocabulary.go", "Go file to write the languages and runtime aliases to")
	flag.Parse()
	dt, err := generate()
	if err == nil {
		err = os.WriteFile(*out, []byte(dt), 0o644)
	}
	if err == nil {
		dt, err = vocabulary()
	}
	if err == nil {
		err = os.WriteFile(*vocab, []byte(dt), 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}

// generate reflects the schema; the working directory must be the spec package's, whose
// sources hold the comments.
func generate() (string, error) {
	r := &jsonschema.Reflector{ExpandedStruct: true}
	if err := r.AddGoComments("github.com/org/multistage-frontend/spec", "."); err != nil {
		return "", err
	}
	// a comment's line breaks are the source's wrapping, not the text's
	r.LookupComment = func(t reflect.Type, field string) string {
		key := t.PkgPath() + "." + t.Name()
		if field != "" {
			key += "." + field
		}
		return strings.Join(strings.Fields(r.CommentMap[key]), " ")
	}
	r.Mapper = (&mapper{comments: r.CommentMap}).schema
	s := r.Reflect(&spec.Spec{})
	s.ID = SchemaURL
	s.Title = "multistage-frontend build spec"
	s.Description = "The YAML under `# syntax=org/multistage-frontend`: a short spec of a multi-stage build. " +
		"See https://github.com/org/multistage-frontend#the-spec."
	names(s)
	vocabularyEnums(s)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return "", err
	}
	// The schema's own MarshalJSON escapes <, > and & for HTML; a file for editors reads better
	// without. No description holds a literal backslash-u, so the replacement is exact.
	if bytes.Contains(b.Bytes(), []byte(`\\u00`)) {
		return "", fmt.Errorf("a description holds a literal \\u00")
	}
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(b.String()), nil
}

// names constrains the keys of the name-to-value mappings as the spec's validation does.
func names(s *jsonschema.Schema) {
	set := func(obj *jsonschema.Schema, field, pattern string) {
		if p, ok := obj.Properties.Get(field); ok {
			p.PropertyNames = &jsonschema.Schema{Pattern: pattern}
		}
	}
	set(s, "env", spec.EnvNamePattern)
	set(s, "args", spec.EnvNamePattern)
	set(s, "labels", spec.LabelKeyPattern)
	if p, ok := s.Properties.Get("name"); ok {
		p.Pattern = spec.ProgramNamePattern
	}
	if p, ok := s.Properties.Get("features"); ok && p.Items != nil {
		p.Items.Pattern = spec.FeaturePattern
	}
	if b, ok := s.Definitions["Build"]; ok {
		set(b, "env", spec.EnvNamePattern)
	}
	if a, ok := s.Definitions["Assets"]; ok {
		if p, ok := a.Properties.Get("script"); ok {
			p.Pattern = spec.ScriptNamePattern
		}
	}
	if p, ok := s.Properties.Get("assets"); ok && p.Ref != "" { // or a list, or false: none, not even a default
		p.OneOf = []*jsonschema.Schema{{Ref: p.Ref},
			{Type: "array", Items: &jsonschema.Schema{Ref: p.Ref}, MinItems: one(), Description: "several Node.js projects, each built in stages of its own"},
			{Const: false, Description: "no assets, not even those the language builds by default"}}
		p.Ref = ""
	}
}

// mapper gives the spec's types with several YAML forms their schemas; the reflector handles
// plain structs, lists and strings itself.
type mapper struct {
	comments map[string]string
}

func (m *mapper) doc(typ, field string) string {
	return m.comments["github.com/org/multistage-frontend/spec."+typ+"."+field]
}

func (m *mapper) schema(t reflect.Type) *jsonschema.Schema {
	str := func(desc string) *jsonschema.Schema { return &jsonschema.Schema{Type: "string", Description: desc} }
	list := func(desc string) *jsonschema.Schema {
		return &jsonschema.Schema{Type: "array", Items: &jsonschema.Schema{Type: "string"}, MinItems: one(), Description: desc}
	}
	switch t {
	case reflect.TypeFor[spec.Command]():
		s := str("a shell command, run by /bin/sh -c")
		s.MinLength = one()
		return &jsonschema.Schema{OneOf: []*jsonschema.Schema{s, list("a command and its arguments, run as is (no shell)"),
			{Const: false, Description: "turned off (only `test` may be)"}}}
	case reflect.TypeFor[spec.Words]():
		return &jsonschema.Schema{OneOf: []*jsonschema.Schema{str("words split as a shell would (quotes group, nothing is expanded)"),
			list("the words")}}
	case reflect.TypeFor[spec.Processes]():
		return &jsonschema.Schema{Type: "object", MinProperties: one(), PropertyNames: &jsonschema.Schema{Type: "string", Pattern: spec.ProcessNamePattern},
			AdditionalProperties: m.schema(reflect.TypeFor[spec.Words]()), Examples: []any{map[string]any{"web": "node server.js", "worker": "node worker.js"}}}
	case reflect.TypeFor[spec.Port]():
		return &jsonschema.Schema{OneOf: []*jsonschema.Schema{
			{Type: "integer", Minimum: "1", Maximum: "65535", Description: "a TCP port"},
			{Type: "string", Pattern: `^[0-9]{1,5}(/(tcp|udp|sctp))?$`, Description: "a port and its protocol: 53/udp"}}}
	case reflect.TypeFor[spec.KeyValues]():
		return &jsonschema.Schema{Type: "object", AdditionalProperties: &jsonschema.Schema{
			AnyOf: []*jsonschema.Schema{{Type: "string"}, {Type: "number"}, {Type: "boolean"}}}}
	case reflect.TypeFor[spec.Duration]():
		return &jsonschema.Schema{Type: "string", Pattern: `^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$`,
			Description: "a duration: 30s, 1m30s", Examples: []any{"30s", "1m30s"}}
	case reflect.TypeFor[spec.FileCopy]():
		return &jsonschema.Schema{OneOf: []*jsonschema.Schema{
			str("a path in the build context, copied to the same path under workdir"),
			m.object("FileCopy", []string{"src"}, field{"src", "Src", str("")}, field{"dest", "Dest", str("")})}}
	case reflect.TypeFor[spec.Binary]():
		name := str("")
		name.Pattern = spec.ProgramNamePattern
		return &jsonschema.Schema{OneOf: []*jsonschema.Schema{
			str("a main package's path, e.g. ./cmd/server; the binary is named after its directory"),
			m.object("Binary", []string{"package"}, field{"package", "Package", str("")}, field{"name", "Name", name})}}
	case reflect.TypeFor[spec.Secret]():
		id := str("")
		id.Pattern = spec.SecretIDPattern
		env := str("")
		env.Pattern = spec.EnvNamePattern
		return &jsonschema.Schema{OneOf: []*jsonschema.Schema{
			{Type: "string", Pattern: spec.SecretIDPattern, Description: "a secret id, mounted as the file /run/secrets/<id>"},
			m.object("Secret", []string{"id"}, field{"id", "ID", id}, field{"env", "Env", env}, field{"target", "Target", str("")},
				field{"required", "Required", &jsonschema.Schema{Type: "boolean"}})}}
	}
	return nil
}

type field struct {
	name, goName string
	schema       *jsonschema.Schema
}

// object is the mapping form of a type, its fields described by their doc comments.
func (m *mapper) object(typ string, required []string, fields ...field) *jsonschema.Schema {
	o := &jsonschema.Schema{Type: "object", Required: required, AdditionalProperties: jsonschema.FalseSchema,
		Properties: jsonschema.NewProperties()}
	for _, f := range fields {
		f.schema.Description = strings.Join(strings.Fields(m.doc(typ, f.goName)), " ")
		o.Properties.Set(f.name, f.schema)
	}
	return o
}

func one() *uint64 {
	n := uint64(1)
	return &n
}
