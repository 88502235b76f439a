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

// log4j2Configs are the Log4j2 XML files of a module's resources, in the order Spring Boot looks
// for them; read after logback's, as Spring Boot's default logging is logback.
var log4j2Configs = []string{"src/main/resources/log4j2.xml", "src/main/resources/log4j2-spring.xml"}

// logReads are what Follow asks of a module at dir for its log directories.
func logReads(dir string) []string {
	var out []string
	for _, c := range slices.Concat(logbackConfigs, log4j2Configs) {
		out = append(out, path.Join(dir, c))
	}
	return out
}

// logDir is a directory the program writes its log files into, relative to the working
// directory or absolute, with what says so.
type logDir struct{ dir, why string }

// logDirs are the directories the application module at dir writes its logs into, that the
// runtime user cannot make: those of its logback file, else its Log4j2 file, else Spring Boot's
// logging.file.* (boot); a Quarkus application's (quarkus) file log's; none for a directory the
// user can write (/tmp, its home: home, as lang.Runtime.Home gives it) or one not known at build
// time (a variable without a default).
func logDirs(f lang.Facts, dir, home string, boot, quarkus bool) []logDir {
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
		if d, ok := lang.OwnedDir(d, home); ok && !slices.ContainsFunc(out, func(o logDir) bool { return o.dir == d }) {
			out = append(out, logDir{d, why})
		}
	}
	if quarkus {
		if d, why, ok := quarkusLogDir(f, dir); ok {
			add(d, why)
		}
		return out
	}
	for _, c := range slices.Concat(logbackConfigs, log4j2Configs) {
		name := path.Join(dir, c)
		if !f.Has(name) {
			continue
		}
		read := logbackFiles
		if slices.Contains(log4j2Configs, c) {
			read = log4j2Files
		}
		for _, file := range read(f[name], lookup) {
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

// fileAppender is the directory an appender writes, with the appender's name.
type fileAppender struct{ dir, appender string }

// appenderPath is what a file appender of a logging configuration writes: a file, else files
// named by a pattern.
type appenderPath struct{ appender, file, pattern string }

// logbackFiles are the directories the file appenders of a logback configuration write: each
// <file>'s, else its rolling policy's <fileNamePattern>'s up to the first conversion word
// (%d{...}), with the configuration's properties (<property>, <variable>, a <springProperty>'s
// default) and lookup's names substituted; a path left with a variable is left out. Spring
// Boot's file-appender.xml, included, is its FILE appender writing ${LOG_FILE}.
func logbackFiles(config []byte, lookup func(string) (string, bool)) []fileAppender {
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
		if v, ok := expandVars(v, logbackSep, get, 0); ok {
			props[n] = v
		}
	}
	var files []appenderPath
	appender := -1 // index in files of the appender being read
	walkXML(config, func(name string, attr func(string) string) {
		switch name {
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
				files = append(files, appenderPath{"FILE", "${LOG_FILE}", ""})
			}
		case "appender":
			files = append(files, appenderPath{appender: attr("name")})
			appender = len(files) - 1
		}
	}, func(in, data string) {
		switch {
		case appender < 0:
		case in == "file":
			files[appender].file += data
		case in == "fileNamePattern":
			files[appender].pattern += data
		}
	}, func(name string) {
		if name == "appender" {
			appender = -1
		}
	})
	return appenderDirs(files, get)
}

// appenderDirs are the directories of appenders writing file, else a file named by pattern,
// with get's names substituted: the pattern's directory before its first conversion word
// (logback's %d{...}, Log4j2's %d and $${date:...}); an appender whose path is left with a
// variable is left out.
func appenderDirs(files []appenderPath, get func(string) (string, bool)) []fileAppender {
	var out []fileAppender
	for _, a := range files {
		p := strings.TrimSpace(a.file)
		if p == "" {
			p = strings.TrimSpace(a.pattern)
		}
		if i := strings.Index(p, "$${"); i >= 0 {
			p = p[:i] + "x" // a lookup Log4j2 makes when it rolls over
		}
		if p == "" {
			continue
		}
		p, ok := expandVars(p, logbackSep, get, 0)
		if !ok {
			continue
		}
		if i := strings.Index(p, "%"); i >= 0 {
			p = p[:i] + "x" // the directory before the first conversion word
		}
		out = append(out, fileAppender{path.Dir(p), a.appender})
	}
	return out
}

// walkXML reads config leniently, calling start at each element with its local name and its
// attributes by name (any case), text with each piece of character data and the element holding
// it, end at each element's end; it stops at the first error.
func walkXML(config []byte, start func(name string, attr func(string) string), text func(in, data string), end func(name string)) {
	d := xml.NewDecoder(bytes.NewReader(config))
	d.Strict = false
	var stack []string
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			start(t.Name.Local, func(n string) string {
				for _, a := range t.Attr {
					if strings.EqualFold(a.Name.Local, n) {
						return a.Value
					}
				}
				return ""
			})
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
			end(t.Name.Local)
		case xml.CharData:
			if len(stack) > 0 {
				text(stack[len(stack)-1], string(t))
			}
		}
	}
}

// Log4j2's file appenders, and Quarkus's file log, write below directories the runtime user may
// not make, as logback's do (above). Neither was tried here: Log4j2 reports that it cannot
// create the file and goes on without the appender, as its code reads; the logs are lost.

// log4j2Appenders are the Log4j2 appenders that write a file (lower case: Log4j2 matches its
// plugins' names so).
var log4j2Appenders = []string{"file", "rollingfile", "randomaccessfile", "rollingrandomaccessfile", "memorymappedfile"}

// log4j2Files are the directories the file appenders of a Log4j2 XML configuration write: each
// appender's fileName, else its filePattern up to the first conversion word, with the
// configuration's <Properties>, ${sys:name} (lookup's names: Spring Boot's LOG_PATH and
// LOG_FILE, java.io.tmpdir) and ${name:-default} substituted; ${env:name} has its default only.
// An appender of the strict form (<Appender type="RollingFile">) is read the same.
func log4j2Files(config []byte, lookup func(string) (string, bool)) []fileAppender {
	props := map[string]string{}
	get := func(n string) (string, bool) {
		if v, ok := props[n]; ok {
			return v, true
		}
		if strings.HasPrefix(n, "env:") {
			return "", false
		}
		return lookup(strings.TrimPrefix(n, "sys:"))
	}
	var files []appenderPath
	property, value := "", "" // the <Property> being read
	walkXML(config, func(name string, attr func(string) string) {
		kind := strings.ToLower(name)
		if kind == "appender" {
			kind = strings.ToLower(attr("type"))
		}
		switch {
		case kind == "property":
			property, value = attr("name"), attr("value")
		case slices.Contains(log4j2Appenders, kind):
			files = append(files, appenderPath{attr("name"), attr("fileName"), attr("filePattern")})
		}
	}, func(_, data string) {
		if property != "" {
			value += data
		}
	}, func(name string) {
		if strings.EqualFold(name, "property") && property != "" {
			if v, ok := expandVars(strings.TrimSpace(value), logbackSep, get, 0); ok {
				props[property] = v
			}
			property = ""
		}
	})
	return appenderDirs(files, get)
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

// The separators of a variable's default: logback's and Log4j2's ${name:-default}, SmallRye
// Config's (Quarkus's) ${name:default}.
const (
	logbackSep  = ":-"
	smallRyeSep = ":"
)

// expandVars substitutes ${name} and ${name<sep>default} (nested) in s; false when a name has
// no value and no default.
func expandVars(s, sep string, get func(string) (string, bool), depth int) (string, bool) {
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
		name, def, hasDef := strings.Cut(s[i+2:end], sep)
		v, ok := get(name)
		if ok {
			v, ok = expandVars(v, sep, get, depth+1)
		}
		if !ok && hasDef {
			v, ok = expandVars(def, sep, get, depth+1)
		}
		if !ok {
			return "", false
		}
		b.WriteString(v)
		s = s[end+1:]
	}
}
