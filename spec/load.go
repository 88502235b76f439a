package spec

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// MaxSize is the largest build file accepted; a spec is a few lines, anything near this is hostile.
const MaxSize = 1 << 20

// Parse reads a build file. file names it in messages (e.g. "Dockerfile"). The error, if any,
// is an Errors holding every problem found, each with its line and column.
func Parse(file string, data []byte) (*Spec, error) {
	s := &Spec{File: file, Source: data, pos: map[string]Pos{}, notes: map[string]string{}}
	if len(data) > MaxSize {
		return nil, Errors{{File: file, Msg: "the build spec is " + strconv.Itoa(len(data)) + " bytes, over the limit of " + strconv.Itoa(MaxSize)}}
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line := bytes.Count(data[:i], []byte("\n")) + 1
		return nil, Errors{{File: file, Line: line, Column: 1, EndLine: line, Msg: "the build spec holds a NUL byte"}}
	}

	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return nil, Errors{yamlError(file, err)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		line := extra.Line
		if err != nil {
			return nil, Errors{yamlError(file, err)}
		}
		return nil, Errors{{File: file, Line: line, Column: 1, EndLine: line, Msg: "the build spec must be a single YAML document", Hint: "remove the `---` separator"}}
	}

	d := &decoder{file: file, pos: s.pos, notes: s.notes}
	if len(doc.Content) > 0 {
		d.mapping(d.enter(doc.Content[0], 0), reflect.ValueOf(s).Elem(), "", 0)
	}
	validate(s, d)
	if len(d.errs) > 0 {
		return nil, d.errs.sorted()
	}
	return s, nil
}

var yamlLine = regexp.MustCompile(`line (\d+): `)

// yamlError locates a syntax error reported by the YAML parser.
func yamlError(file string, err error) *Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	e := &Error{File: file, Msg: "the build spec is not valid YAML: " + msg}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
		e.Column, e.EndLine = 1, e.Line
		e.Msg = "the build spec is not valid YAML: " + yamlLine.ReplaceAllString(msg, "")
	}
	return e
}
