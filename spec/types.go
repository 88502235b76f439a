package spec

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Command is a command line: Shell (a string, run under /bin/sh -c) or Exec (a list, run as is).
// Disabled is `false`, which turns the step off where that is allowed.
type Command struct {
	Shell    string
	Exec     []string
	Disabled bool
}

// IsZero reports an absent command.
func (c *Command) IsZero() bool { return c == nil || (c.Shell == "" && c.Exec == nil && !c.Disabled) }

// Args is the command as exec arguments.
func (c Command) Args() []string {
	if c.Exec != nil {
		return c.Exec
	}
	return []string{"/bin/sh", "-c", c.Shell}
}

// String is the command as a person would type it.
func (c Command) String() string {
	if c.Exec != nil {
		return strings.Join(c.Exec, " ")
	}
	return c.Shell
}

func (c *Command) decodeYAML(d *decoder, n *yaml.Node, path string) {
	switch {
	case n.Kind == yaml.SequenceNode:
		c.Exec = make([]string, 0, len(n.Content))
		for i, item := range n.Content {
			if item = d.enter(item, 0); item == nil {
				return
			}
			s, ok := d.scalar(item, fmt.Sprintf("%s[%d]", path, i))
			if !ok {
				return
			}
			c.Exec = append(c.Exec, s)
		}
		if len(c.Exec) == 0 {
			d.errorf(n, "", "`%s` is an empty list", path)
		}
	case n.Kind == yaml.ScalarNode && n.Tag == "!!bool":
		if n.Value != "false" {
			d.errorf(n, "omit the field for the default", "`%s: %s` is not a command", path, n.Value)
			return
		}
		c.Disabled = true
	case n.Kind == yaml.ScalarNode:
		if strings.TrimSpace(n.Value) == "" {
			d.errorf(n, "", "`%s` is empty", path)
			return
		}
		c.Shell = n.Value
	default:
		d.errorf(n, "", "`%s` must be a string, a list or false, not %s", path, describe(n))
	}
}

// Words is a list of arguments: a YAML list, or a string split into words as a shell would
// (quotes group, nothing is expanded).
type Words []string

func (w *Words) decodeYAML(d *decoder, n *yaml.Node, path string) {
	if n.Kind == yaml.ScalarNode && !isNull(n) {
		words, err := splitWords(n.Value)
		if err != nil {
			d.errorf(n, "", "`%s`: %v", path, err)
			return
		}
		*w = words
		return
	}
	var list []string
	d.value(n, reflect.ValueOf(&list).Elem(), path, 1)
	*w = list
}

// SplitWords splits a command line into words as Words does: quotes group, nothing is expanded.
func SplitWords(s string) ([]string, error) { return splitWords(s) }

func splitWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	for i := 0; i < len(s); i++ {
		ch := rune(s[i])
		switch {
		case quote != 0 && ch == quote:
			quote = 0
		case quote == '"' && ch == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case quote != 0:
			cur.WriteRune(ch)
		case ch == '\'' || ch == '"':
			quote, inWord = ch, true
		case ch == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
			inWord = true
		case ch == ' ' || ch == '\t' || ch == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(ch)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated %c quote", quote)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// Port is a port the application listens on.
type Port struct {
	Number   int
	Protocol string // tcp (default), udp or sctp
}

func (p Port) String() string { return fmt.Sprintf("%d/%s", p.Number, p.Protocol) }

func (p *Port) decodeYAML(d *decoder, n *yaml.Node, path string) {
	s, ok := d.scalar(n, path)
	if !ok {
		return
	}
	num, proto, hasProto := strings.Cut(s, "/")
	if !hasProto {
		proto = "tcp"
	}
	i, err := strconv.Atoi(num)
	switch {
	case err != nil || i < 1 || i > 65535:
		d.errorf(n, "", "`%s`: %q is not a port (1-65535, optionally /tcp, /udp or /sctp)", path, s)
	case proto != "tcp" && proto != "udp" && proto != "sctp":
		d.errorf(n, "", "`%s`: protocol %q is not tcp, udp or sctp", path, proto)
	default:
		p.Number, p.Protocol = i, proto
	}
}

// KeyValue is one entry of a KeyValues mapping.
type KeyValue struct {
	Key, Value string
}

// KeyValues is a mapping of names to values that keeps the order it was written in,
// so the same file always gives the same image config and the same LLB.
type KeyValues []KeyValue

// Get returns the value for key.
func (kv KeyValues) Get(key string) (string, bool) {
	for _, e := range kv {
		if e.Key == key {
			return e.Value, true
		}
	}
	return "", false
}

func (kv *KeyValues) decodeYAML(d *decoder, n *yaml.Node, path string) {
	d.entries(n, path, "", "names to values", func(k, v *yaml.Node, key, kp string) {
		if c := commentText(k.HeadComment, v.LineComment); c != "" {
			d.notes[kp] = c
		}
		if val, ok := d.scalar(v, kp); ok {
			*kv = append(*kv, KeyValue{key, val})
		}
	})
}

// entries walks a mapping of names to values (env, args, processes): each name once, its
// position recorded at path.name, visit called with the key and value nodes. what says what
// the mapping maps ("names to values") and hint how to write it, for the error when n is not one.
func (d *decoder) entries(n *yaml.Node, path, hint, what string, visit func(k, v *yaml.Node, key, kp string)) {
	if isNull(n) {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, hint, "`%s` must be a mapping of %s, not %s", path, what, describe(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := d.enter(n.Content[i], 0), d.enter(n.Content[i+1], 0)
		if k == nil || v == nil {
			return
		}
		key, ok := d.scalar(k, path)
		if !ok {
			continue
		}
		kp := path + "." + key
		if seen[key] {
			d.errorf(k, "", "`%s` is written twice", kp)
			continue
		}
		seen[key] = true
		d.pos[kp] = Pos{k.Line, k.Column}
		visit(k, v, key, kp)
	}
}

// commentText is the comment written above an entry, or else at the end of its line, without
// the '#' marks: args document themselves this way, as ARGs do in a Dockerfile.
func commentText(head, line string) string {
	text := head
	if text == "" {
		text = line
	}
	var words []string
	for _, l := range strings.Split(text, "\n") {
		words = append(words, strings.Fields(strings.TrimLeft(strings.TrimSpace(l), "#"))...)
	}
	return strings.Join(words, " ")
}

// Duration is a Go duration written as a string: 30s, 1m30s.
type Duration struct {
	time.Duration
	Text string
}

func (du *Duration) decodeYAML(d *decoder, n *yaml.Node, path string) {
	s, ok := d.scalar(n, path)
	if !ok || s == "" {
		return
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < time.Millisecond {
		d.errorf(n, "", "`%s`: %q is not a duration of at least 1ms (write e.g. 30s or 1m30s)", path, s)
		return
	}
	du.Duration, du.Text = v, s
}

func (f *FileCopy) decodeYAML(d *decoder, n *yaml.Node, path string) {
	if n.Kind == yaml.ScalarNode {
		f.Src, _ = d.scalar(n, path)
		return
	}
	type plain FileCopy
	d.mapping(n, reflect.ValueOf((*plain)(f)).Elem(), path, 1)
}

func (b *Binary) decodeYAML(d *decoder, n *yaml.Node, path string) {
	if n.Kind == yaml.ScalarNode {
		b.Package, _ = d.scalar(n, path)
		return
	}
	type plain Binary
	d.mapping(n, reflect.ValueOf((*plain)(b)).Elem(), path, 1)
}

func (s *Secret) decodeYAML(d *decoder, n *yaml.Node, path string) {
	if n.Kind == yaml.ScalarNode {
		s.ID, _ = d.scalar(n, path)
		return
	}
	type plain Secret
	d.mapping(n, reflect.ValueOf((*plain)(s)).Elem(), path, 1)
}

// Process is one process type of `processes`: its name and its command.
type Process struct {
	Name    string
	Command Words
}

// Processes are the spec's process types, in the order written.
type Processes []Process

func (ps *Processes) decodeYAML(d *decoder, n *yaml.Node, path string) {
	if n.Kind == yaml.MappingNode && len(n.Content) == 0 {
		d.errorf(n, "omit it for one image", "`%s` is empty", path)
	}
	d.entries(n, path, "write e.g. `processes: {web: node server.js, worker: node worker.js}`", "process names to commands",
		func(_, v *yaml.Node, key, kp string) {
			var w Words
			w.decodeYAML(d, v, kp)
			switch {
			case isNull(v):
				d.errorf(v, "write the command it runs", "`%s` has no command", kp)
			case len(w) == 0 && v.Kind == yaml.ScalarNode:
				d.errorf(v, "", "`%s` is an empty command", kp)
			default:
				*ps = append(*ps, Process{Name: key, Command: w})
			}
		})
}

// decodeYAML reads assets as a mapping, a list of mappings (the first is a, the others More),
// or `false` (Disabled).
func (a *Assets) decodeYAML(d *decoder, n *yaml.Node, path string) {
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		if n.Value != "false" {
			d.errorf(n, "write the Node.js project's directory, `{dir: ui}`, or false for none", "`%s: %s` is not assets", path, n.Value)
			return
		}
		a.Disabled = true
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.mapping(n, reflect.ValueOf(a).Elem(), path, 1)
		return
	}
	if len(n.Content) == 0 {
		d.errorf(n, "write `[{dir: web/app}, {dir: web/admin}]`, or false for none", "`%s` is an empty list", path)
		return
	}
	for i, item := range n.Content {
		ip := fmt.Sprintf("%s[%d]", path, i)
		if item = d.enter(item, 2); item == nil {
			return
		}
		d.pos[ip] = Pos{item.Line, item.Column}
		var one Assets
		d.mapping(item, reflect.ValueOf(&one).Elem(), ip, 2)
		if i == 0 {
			*a = one
		} else {
			a.More = append(a.More, one)
		}
	}
	a.listed = true
}
