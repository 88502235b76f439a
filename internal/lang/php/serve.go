package php

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// shape is how the image serves PHP.
type shape int

const (
	// fpm: php-fpm's process manager runs PHP; Caddy, beside it in the container, serves the
	// files and passes PHP requests to it over FastCGI; a small POSIX sh supervisor runs both.
	fpm shape = iota
	// frankenphp: FrankenPHP, Caddy with PHP built in, one process.
	frankenphp
)

const (
	// caddyImage holds the Caddy binary the fpm images get (a static Go binary, so copying it
	// needs nothing run on the target platform).
	caddyImage = "caddy:2"
	// serveScript starts the server (or runs the command given instead).
	serveScript = "/usr/local/bin/php-serve"
	// fpmAddress is where php-fpm listens: the loopback, never the network (FastCGI trusts its
	// client with SCRIPT_FILENAME and PHP_VALUE).
	fpmAddress = "127.0.0.1:9000"
	// defaultPort is where the image serves when the spec names no port, unless PORT is set at
	// run time.
	defaultPort = "8080"
)

// server is the runtime's web serving: its shape, the web root, and what starts with it.
type server struct {
	shape shape
	// root is the web root (/app/public); appRoot when it is the project's root, whose private
	// files must not be served.
	root    string
	appRoot bool
	// laravel caches the configuration at start, from the environment the container gets.
	laravel bool
	// opcache is the line that loads OPcache ("" when the image loads it already).
	opcache string
	// vendor is composer's vendor directory, relative to the project (config.vendor-dir), which
	// answers 404 when the project's root is served.
	vendor string
	// denied are the root's directories whose .htaccess denies every request (deniedDirs) and
	// the data directories the environment may move (privateDirs), which answer 404 when the
	// project's root is served.
	denied []string
	// partly are the directories whose .htaccess denies every request but some files
	// (htaccess.go), rewrites the root .htaccess's RewriteRules that forbid paths: both answer
	// 404 when the project's root is served.
	partly   []partlyDenied
	rewrites []string
	// onlyIndex: only the front controller, public/index.php, runs (Laravel and Symfony served
	// from public/); any other PHP path answers 404, as their own nginx configurations do.
	onlyIndex bool
	// drupal: the web root is Drupal's scaffolded one, whose .htaccess rules apply (drupal.go).
	drupal bool
	// noPHP are the directories below the web root the runtime user can write, relative to it
	// (noPHPDirs): a PHP file there answers 404, never runs.
	noPHP []string
	// front is the front controller in the web root when it is not index.php (the spec's
	// entrypoint names it): a request for a file or directory index that is not there goes to it.
	front string
	// port is where Caddy listens unless PORT is set at run time: the spec's first TCP port
	// (what the image exposes), else defaultPort.
	port string
}

// servePort is where the image serves: the spec's first TCP port, which it exposes (FreshRSS's
// and grocy's 80, kimai's 8001), else 8080.
func servePort(s *spec.Spec) string {
	if n, ok := lang.FirstTCPPort(s); ok {
		return strconv.Itoa(n)
	}
	return defaultPort
}

// stages are the images the runtime copies from: Caddy's binary, and the runtime base for
// PHP's own production php.ini.
func (v server) stages(field, image string) []*plan.Stage {
	out := []*plan.Stage{lang.ImageStage("php-base", image, field, "the runtime image, for its php.ini-production")}
	if v.shape == fpm {
		out = append(out, lang.ImageStage("caddy", caddyImage, field, "Caddy, from the "+caddyImage+" image"))
	}
	return out
}

// setup are the runtime's steps before the application: Caddy, php.ini-production as php.ini
// (the php images ship none, so PHP would run on its development defaults: display_errors on),
// and the configuration and start script the frontend writes.
func (v server) setup(field string) []plan.Step {
	o := plan.Origin{Field: field}
	var steps []plan.Step
	if v.shape == fpm {
		steps = append(steps, &plan.Copy{Origin: o, FromStage: "caddy", Paths: []string{"/usr/bin/caddy"}, Dest: "/usr/local/bin/caddy"})
	}
	steps = append(steps, &plan.Copy{Origin: o, FromStage: "php-base", Paths: []string{"/usr/local/etc/php/php.ini-production"},
		Dest: "/usr/local/etc/php/php.ini"})
	files := []plan.File{
		{Path: "/usr/local/etc/php/conf.d/zz-multistage-frontend.ini", Mode: 0o644, Data: v.phpIni()},
		{Path: serveScript, Mode: 0o755, Data: v.script()},
	}
	if v.shape == fpm {
		files = append(files,
			plan.File{Path: "/etc/caddy/Caddyfile", Mode: 0o644, Data: v.caddyfile()},
			plan.File{Path: "/usr/local/etc/php-fpm.d/zz-multistage-frontend.conf", Mode: 0o644, Data: fpmPool})
	} else {
		files = append(files, plan.File{Path: "/etc/frankenphp/Caddyfile", Mode: 0o644, Data: v.caddyfile()})
	}
	display := "php-serve, zz-multistage-frontend.ini"
	if v.shape == fpm {
		display += ", Caddyfile, php-fpm.d/zz-multistage-frontend.conf"
	} else {
		display += ", Caddyfile"
	}
	return append(steps, &plan.WriteFile{Origin: o, Files: files, Display: display})
}

// opcacheLine is the ini line that loads OPcache: the php images build it and leave it off, PHP
// 8.5 builds it in, and the FrankenPHP images load it already.
func opcacheLine(sh shape, version string) string {
	if sh == frankenphp || newer(minorOf(version), "8.4") {
		return ""
	}
	return "zend_extension=opcache\n"
}

// phpIni turns OPcache on for code that never changes in the image.
func (v server) phpIni() string {
	return "; multistage-frontend: the code in the image never changes, so OPcache compiles each file once\n" +
		v.opcache +
		"opcache.enable=1\n" +
		"opcache.validate_timestamps=0\n" +
		"opcache.memory_consumption=128\n" +
		"opcache.interned_strings_buffer=16\n" +
		"opcache.max_accelerated_files=20000\n" +
		"expose_php=Off\n"
}

// fpmPool overrides the php images' pool (php-fpm.d/www.conf, docker.conf, zz-docker.conf, which
// this file follows): php-fpm listens on the loopback only, Caddy logs the requests, and the
// container's environment reaches PHP.
const fpmPool = `; multistage-frontend: php-fpm behind Caddy in one container
[www]
listen = ` + fpmAddress + `
access.log = /dev/null
clear_env = no
`

// caddyfile serves the web root: files as they are, PHP through php-fpm (php_fastcgi: a
// request for a missing file goes to index.php, or to the front controller the spec names), compressed, with an
// access log; no admin endpoint, no automatic HTTPS (TLS ends at the platform's load balancer).
func (v server) caddyfile() string {
	var b strings.Builder
	b.WriteString("# multistage-frontend: serves " + v.root + " on $PORT (default " + v.port + ")\n{\n" +
		"\tadmin off\n\tpersist_config off\n\tauto_https off\n\tgrace_period 20s\n")
	if v.shape == frankenphp {
		b.WriteString("\tfrankenphp\n")
	}
	b.WriteString("}\n\n:{$PORT:" + v.port + "} {\n\troot * " + v.root + "\n\tencode zstd gzip\n\tlog\n")
	if v.appRoot {
		// and SQLite databases anywhere below the root: a plain PHP application keeps its own in
		// its data directory (kanboard's data/db.sqlite, FreshRSS's data/users/*/db.sqlite,
		// grocy's data/grocy.db), which its own images answer 404 for
		b.WriteString("\t@private path /" + v.vendor + " /" + v.vendor + "/* /composer.json /composer.lock /auth.json /.git /.git/* /.env* *.sqlite *.sqlite3 *.db")
		for _, dir := range v.denied {
			b.WriteString(" /" + dir + " /" + dir + "/*")
		}
		b.WriteString("\n\trespond @private 404\n")
		for i, d := range v.partly {
			fmt.Fprintf(&b, "\t@partly%d {\n\t\tpath /%s /%s/*\n\t\tnot path_regexp %s\n\t}\n\trespond @partly%d 404\n", i, d.dir, d.dir, d.allow, i)
		}
		for i, re := range v.rewrites {
			fmt.Fprintf(&b, "\t@htaccess%d path_regexp %s\n\trespond @htaccess%d 404\n", i, re, i)
		}
	}
	// a PHP path, or a directory whose index.php php_fastcgi would run ({path}/index.php)
	if v.drupal {
		b.WriteString(drupalCaddy)
	} else if v.onlyIndex {
		b.WriteString("\t@php {\n\t\tpath_regexp (?i)\\.php\n\t\tnot path /index.php /index.php/*\n\t}\n\trespond @php 404\n" +
			"\t@phpindex {\n\t\tfile {path}/index.php\n\t\tnot path /\n\t}\n\trespond @phpindex 404\n")
	} else if len(v.noPHP) > 0 {
		var dirs strings.Builder
		for _, dir := range v.noPHP {
			dirs.WriteString(" /" + dir + "/*")
		}
		b.WriteString("\t@writable {\n\t\tpath" + dirs.String() + "\n\t\tpath_regexp (?i)\\.php\n\t}\n\trespond @writable 404\n" +
			"\t@writableindex {\n\t\tpath" + dirs.String() + "\n\t\tfile {path}/index.php\n\t}\n\trespond @writableindex 404\n")
	}
	if v.front != "" {
		// as YOURLS's own images' rules do (Apache's rewrite to yourls-loader.php for a missing
		// file or directory, nginx's try_files $uri $uri/ /yourls-loader.php); php_server has no
		// try_files of its own, so both shapes rewrite before PHP
		b.WriteString("\t@front not file {path} {path}/index.php\n\trewrite @front /" + v.front + "\n")
	}
	if v.shape == frankenphp {
		b.WriteString("\tphp_server {\n\t\tfile_server {\n\t\t\thide .git .env* .ht*\n\t\t}\n\t}\n}\n")
		return b.String()
	}
	b.WriteString("\tphp_fastcgi " + fpmAddress + "\n\tfile_server {\n\t\thide .git .env* .ht*\n\t}\n}\n")
	return b.String()
}

// script starts the server, or runs the command the container is given instead (`php artisan
// migrate --force`). Laravel caches its configuration first, from the container's environment
// (at build time it would bake in the builder's). For fpm it runs php-fpm and Caddy as one
// container: when either exits the other is stopped and the container exits, so the platform
// restarts it; SIGTERM stops Caddy first (it finishes the requests in flight), then php-fpm
// gracefully (SIGQUIT).
func (v server) script() string {
	var b strings.Builder
	b.WriteString("#!/bin/sh\n# multistage-frontend: starts the PHP application; with arguments, runs them instead.\n" +
		"set -eu\n" +
		"if [ \"$#\" -gt 0 ]; then exec \"$@\"; fi\n")
	if v.laravel {
		b.WriteString("php " + lang.AppDir + "/artisan config:cache\n")
	}
	b.WriteString("export XDG_CONFIG_HOME=\"${XDG_CONFIG_HOME:-/tmp}\" XDG_DATA_HOME=\"${XDG_DATA_HOME:-/tmp}\"\n")
	if v.shape == frankenphp {
		b.WriteString("exec frankenphp run --config /etc/frankenphp/Caddyfile --adapter caddyfile\n")
		return b.String()
	}
	b.WriteString(`set +e
# php-fpm reopens its stderr (/proc/self/fd/2), which the container runtime's log pipe may
# not let a non-root user open: it gets a FIFO of the user's own, copied to stderr.
log=/tmp/php-fpm.$$.log
if mkfifo -m 600 "$log" 2>/dev/null; then
	cat "$log" >&2 &
	exec 3>"$log"
	rm -f "$log"
else
	exec 3>&2
fi
php-fpm --nodaemonize 2>&3 &
fpm=$!
exec 3>&-
caddy run --config /etc/caddy/Caddyfile --adapter caddyfile &
web=$!
stop() {
	kill -TERM "$web" 2>/dev/null
	wait "$web"
	kill -QUIT "$fpm" 2>/dev/null
	wait "$fpm"
}
trap 'trap - TERM INT; stop; exit 0' TERM INT
while kill -0 "$fpm" 2>/dev/null && kill -0 "$web" 2>/dev/null; do
	sleep 1 &
	wait $!
done
echo "php-serve: php-fpm or caddy exited; stopping the other" >&2
stop
exit 1
`)
	return b.String()
}
