package rules

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
)

// intro is docs/checks.md before the rules: how to run and configure the checks.
//
//go:embed intro.md
var intro string

// Markdown is docs/checks.md: the introduction, a table of the rules, and each rule's section.
func Markdown() []byte {
	var b bytes.Buffer
	b.WriteString("<!-- Generated from internal/rules by `go generate ./internal/rules`: edit internal/rules/intro.md and internal/rules/docs/. -->\n\n")
	b.WriteString(intro)
	b.WriteString("\n## Rules\n\n| rule | what it looks for |\n| --- | --- |\n")
	for _, r := range All() {
		d := r.Describe()
		fmt.Fprintf(&b, "| [%s](#%s) | %s |\n", d.Name, strings.ToLower(d.Name), d.Description)
	}
	for _, r := range All() {
		d := r.Describe()
		fmt.Fprintf(&b, "\n## %s\n\n%s\n", d.Name, d.Doc)
	}
	return b.Bytes()
}
