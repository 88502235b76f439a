package java

import (
	"bytes"
	"encoding/xml"
	"path"
	"slices"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// A packaged logback configuration whose file appenders write below a directory the runtime
// user cannot make (RuoYi's `<property name="log.path" value="/home/ruoyi/logs"/>`, or a
// relative `logs/`, which is /app/logs, /app being root's) stops a Spring Boot application at
// start: the appender fails to open its file, and Spring Boot turns logback's error into
// "Logback configuration error detected". Without Spring Boot logback goes on without its
// files. The directories those appenders write, and Spring Boot's own `logging.file.name` or
// `logging.file.path` when no logback file is packaged, are made the runtime user's: below the
// working directory as the program makes them (Runtime.Made), outside it empty (DataVolumes).

// logbackConfigs are the logback files of a module's resources, in the order Spring Boot and
// logback look for them (the standard name first).
var logbackConfigs = []string{"src/main/resources/logback.xml", "src/main/resources/logback-spring.xml"}

// logReads are what Follow asks of a module at dir for its log directories.
func logReads(dir string) []string {
	out := make([]string, len(logbackConfigs))
	for i, c := range logbackConfigs {
		out[i] = path.Join(dir, c)
	}
	return out
}

// logDir is a directory the program writes its log files into, relative to the working
// directory or absolute, with what says so.
type logDir struct{ dir, why string }

// logDirs are the directories the application module at dir writes its logs into, that the
// runtime user cannot make: those of its logback file, else Spring Boot's logging.file.*
// (boot); none for a directory the user can write (/tmp, its home) or one not known at build
// time (a variable without a default).
func logDirs(f lang.Facts, dir string, boot bool) []logDir {
	lookup := func(name string) (string, bool) {
		switch name {
		case "LOG_PATH":
			return springLookup(f, dir, boot, "logging.file.path")
		case "LOG_FILE":
			return springLookup(f, dir, boot, "logging.file.name")
		case "java.io.tmpdir", "LOG_TEMP":
			return "/tmp", true
		}
		return "", false
	}
	var out []logDir
	add := func(d, why string) {
		if d, ok := ownedLogDir(d); ok && !slices.ContainsFunc(out, func(o logDir) bool { return o.dir == d }) {
			out = append(out, logDir{d, why})
		}
	}
	for _, c := range logbackConfigs {
		name := path.Join(dir, c)
		if !f.Has(name) {
			continue
		}
		for _, file := range logbackFiles(f[name], lookup) {
			add(file.dir, "written by "+name+"'s "+file.appender+" appender")
		}
		return out
	}
	if !boot {
		return nil
	}
	if file, ok := springLookup(f, dir, boot, "logging.file.name"); ok {
		add(path.Dir(file), "written by Spring Boot's logging.file.name")
	} else if d, ok := springLookup(f, dir, boot, "logging.file.path"); ok {
		add(d, "written by Spring Boot's logging.file.path")
	}
	return out
}

// springLookup is a Spring Boot setting of the module's configuration, for a Spring Boot module.
func springLookup(f lang.Facts, dir string, boot bool, key string) (string, bool) {
	if !boot {
		return "", false
	}
	v := springSetting(f, dir, key)
	return v, v != ""
}

// ownedLogDir is d as a directory the image must give the runtime user: relative to the
// working directory when below it ("." for the directory itself), else absolute; false for a
// path the user writes already (/tmp, its home), a system one (/dev/stdout's), or not a path
// of this system (D:/logs).
func ownedLogDir(d string) (string, bool) {
	if d == "" || strings.ContainsAny(d, `:\$%`) {
		return "", false
	}
	abs := path.Clean(d)
	if !path.IsAbs(abs) {
		abs = path.Join(lang.AppDir, abs)
	}
	if rel, ok := strings.CutPrefix(abs, lang.AppDir+"/"); ok {
		return rel, true
	}
	if abs == lang.AppDir {
		return ".", true
	}
	if abs == "/" || slices.ContainsFunc(userDirs, func(w string) bool { return abs == w || strings.HasPrefix(abs, w+"/") }) {
		return "", false
	}
	return abs, true
}

// userDirs are where the runtime user writes already, or no log directory is made.
var userDirs = []string{"/tmp", "/var/tmp", "/home/nonroot", "/dev", "/proc", "/sys"}

// logbackFile is the directory an appender writes, with the appender's name.
type logbackFile struct{ dir, appender string }

// logbackFiles are the directories the file appenders of a logback configuration write: each
// <file>'s, else its rolling policy's <fileNamePattern>'s up to the first conversion word
// (%d{...}), with the configuration's properties (<property>, <variable>, a <springProperty>'s
// default) and lookup's names substituted; a path left with a variable is left out. Spring
// Boot's file-appender.xml, included, is its FILE appender writing ${LOG_FILE}.
func logbackFiles(config []byte, lookup func(string) (string, bool)) []logbackFile {
	props := map[string]string{}
	get := func(n string) (string, bool) {
		if v, ok := props[n]; ok {
			return v, true
		}
		return lookup(n)
	}
	// define sets a property as logback does, substituted when defined: RuoYi's log.path;
	// apollo's LOG_FILE = ${LOG_FILE:-...}, whose LOG_FILE is Spring Boot's, defined before
	define := func(n, v string) {
		if v, ok := expandVars(v, get, 0); ok {
			props[n] = v
		}
	}
	var files []struct{ appender, file, pattern string }
	d := xml.NewDecoder(bytes.NewReader(config))
	d.Strict = false
	var stack []string
	appender := -1 // index in files of the appender being read
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			attr := func(n string) string {
				for _, a := range t.Attr {
					if a.Name.Local == n {
						return a.Value
					}
				}
				return ""
			}
			switch t.Name.Local {
			case "property", "variable":
				if n, v := attr("name"), attr("value"); n != "" && v != "" {
					define(n, v)
				}
			case "springProperty":
				if n := attr("name"); n != "" {
					if v, ok := lookupSpring(lookup, attr("source")); ok {
						props[n] = v
					} else if v := attr("defaultValue"); v != "" {
						define(n, v)
					}
				}
			case "include":
				// Spring Boot's file appender, FILE, writes LOG_FILE (apollo's logback.xml)
				if attr("resource") == "org/springframework/boot/logging/logback/file-appender.xml" {
					files = append(files, struct{ appender, file, pattern string }{"FILE", "${LOG_FILE}", ""})
				}
			case "appender":
				files = append(files, struct{ appender, file, pattern string }{appender: attr("name")})
				appender = len(files) - 1
			}
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			if t.Name.Local == "appender" {
				appender = -1
			}
		case xml.CharData:
			if appender < 0 || len(stack) == 0 {
				continue
			}
			switch stack[len(stack)-1] {
			case "file":
				files[appender].file += string(t)
			case "fileNamePattern":
				files[appender].pattern += string(t)
			}
		}
	}
	var out []logbackFile
	for _, a := range files {
		p := strings.TrimSpace(a.file)
		if p == "" {
			p = strings.TrimSpace(a.pattern)
		}
		if p == "" {
			continue
		}
		p, ok := expandVars(p, get, 0)
		if !ok {
			continue
		}
		if i := strings.Index(p, "%"); i >= 0 {
			p = p[:i] + "x" // the directory before the first conversion word
		}
		out = append(out, logbackFile{path.Dir(p), a.appender})
	}
	return out
}

// lookupSpring is the Spring Boot setting key through lookup's LOG_PATH and LOG_FILE, the only
// settings a logback file's springProperty is read for here.
func lookupSpring(lookup func(string) (string, bool), key string) (string, bool) {
	switch key {
	case "logging.file.path":
		return lookup("LOG_PATH")
	case "logging.file.name":
		return lookup("LOG_FILE")
	}
	return "", false
}

// expandVars substitutes logback's ${name} and ${name:-default} (nested) in s; false when a
// name has no value and no default.
func expandVars(s string, get func(string) (string, bool), depth int) (string, bool) {
	if depth > 8 {
		return "", false
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), true
		}
		b.WriteString(s[:i])
		end, level := -1, 0
		for j := i + 2; j < len(s); j++ {
			switch {
			case strings.HasPrefix(s[j:], "${"):
				level++
				j++
			case s[j] == '}' && level > 0:
				level--
			case s[j] == '}':
				end = j
			}
			if end >= 0 {
				break
			}
		}
		if end < 0 {
			return "", false
		}
		name, def, hasDef := cutDefault(s[i+2 : end])
		v, ok := get(name)
		if ok {
			v, ok = expandVars(v, get, depth+1)
		}
		if !ok && hasDef {
			v, ok = expandVars(def, get, depth+1)
		}
		if !ok {
			return "", false
		}
		b.WriteString(v)
		s = s[end+1:]
	}
}

// cutDefault splits "name:-default" at its first ":-".
func cutDefault(s string) (name, def string, ok bool) {
	return strings.Cut(s, ":-")
}
