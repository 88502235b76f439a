package php

import (
	"regexp"
	"strings"

	"github.com/org/multistage-frontend/internal/lang"
)

// The php and FrankenPHP images hold PDO's SQLite driver only: pdo_mysql, pdo_pgsql and
// pdo_sqlsrv are compiled into an image of one's own (`docker-php-ext-install pdo_pgsql`, as
// the framework's own Dockerfiles do). Composer requires none of them (Doctrine and Laravel only
// suggest them), so composer's platform check passes and every request that reaches the
// database stops with "could not find driver". The database the application uses by default is
// its framework's configuration:
//   - Symfony with Doctrine: DATABASE_URL in the committed .env (or .env.prod, loaded after it
//     in prod), whose scheme names the driver: api-platform/demo's
//     `postgresql://app:!ChangeMe!@database:5432/app`, kimai's and Sylius-Standard's `mysql://`;
//   - Laravel: config/database.php's default connection (`env('DB_CONNECTION', 'mysql')` before
//     Laravel 11; the skeleton's is `sqlite` since), and that connection's driver; without the
//     file, the framework's own default, SQLite;
//   - CakePHP: the driver of the default datasource in config/app.php, else the
//     config/app.default.php the skeleton's installer copies to it (passbolt's
//     `env('DATASOURCES_DEFAULT_DRIVER', Mysql::class)`).
//
// The environment may name another database at run time; the default is what the image runs
// without it, so MissingPHPExtension names the driver and where the default is said.

// databaseReads are the files that say the default database, for Language().Reads.
var databaseReads = []string{".env", ".env.prod", "config/database.php", "config/app.php", "config/app.default.php"}

// pdoDrivers are the PDO extensions of a database URL's scheme, a Laravel driver or a CakePHP
// driver class; SQLite's is in the images.
var pdoDrivers = map[string]string{
	"mysql": "pdo_mysql", "mysql2": "pdo_mysql", "mariadb": "pdo_mysql", "pdo-mysql": "pdo_mysql", "pdo_mysql": "pdo_mysql",
	"postgresql": "pdo_pgsql", "postgres": "pdo_pgsql", "pgsql": "pdo_pgsql", "pdo-pgsql": "pdo_pgsql", "pdo_pgsql": "pdo_pgsql",
	"postgres::class": "pdo_pgsql", "mysql::class": "pdo_mysql",
	"sqlsrv": "pdo_sqlsrv", "mssql": "pdo_sqlsrv", "pdo-sqlsrv": "pdo_sqlsrv", "pdo_sqlsrv": "pdo_sqlsrv", "sqlserver::class": "pdo_sqlsrv",
}

var (
	// dotenvDatabaseURL is a DATABASE_URL line of a .env file, quoted or not, and its scheme.
	dotenvDatabaseURL = regexp.MustCompile(`(?m)^\s*(?:export\s+)?DATABASE_URL\s*=\s*["']?([A-Za-z][A-Za-z0-9+._-]*):`)
	// laravelDefaultConnection is config/database.php's default connection: a literal, or
	// env('DB_CONNECTION', 'mysql')'s fallback (Cachet's env('DB_DRIVER', 'sqlite')), with the
	// variable; or that of a helper of the application's own taking the same arguments (2FAuth's
	// envUnlessEmpty('DB_CONNECTION', 'mysql'), which also takes an empty value for unset).
	laravelDefaultConnection = regexp.MustCompile(`['"]default['"]\s*=>\s*(?:\\?[A-Za-z_][A-Za-z0-9_]*(?:(?:::|\\)[A-Za-z_][A-Za-z0-9_]*)*\(\s*['"]([A-Z0-9_]+)['"]\s*,\s*)?['"]([A-Za-z0-9_-]+)['"]`)
	// cakeDriver is the first driver class named after the Datasources key (the default
	// datasource comes first in the skeleton), literal or as env()'s fallback.
	cakeDriver = regexp.MustCompile(`(?s)['"]Datasources['"]\s*=>.*?['"]driver['"]\s*=>\s*(?:env\(\s*['"][A-Z_]+['"]\s*,\s*)?\\?(?:[A-Za-z\\]*\\)?(Mysql|Postgres|Sqlite|Sqlserver)::class`)
)

// laravelConnectionDriver is a connection's driver in config/database.php:
// 'pgsql' => ['driver' => 'pgsql', ...].
func laravelConnectionDriver(src, name string) string {
	re := regexp.MustCompile(`['"]` + regexp.QuoteMeta(name) + `['"]\s*=>\s*(?:\[|array\()\s*['"]driver['"]\s*=>\s*['"]([A-Za-z0-9_-]+)['"]`)
	if m := re.FindStringSubmatch(src); m != nil {
		return m[1]
	}
	return name
}

// databaseDriver is the PDO extension the application's default database needs, when the php
// images lack it, and what says that default ("" when none is known, or SQLite).
func databaseDriver(f lang.Facts, p project, a appKind) (ext, from string) {
	switch {
	case a.Symfony && (p.requires("doctrine/dbal") || p.requires("doctrine/doctrine-bundle")):
		for _, name := range []string{".env.prod", ".env"} {
			ms := dotenvDatabaseURL.FindAllStringSubmatch(f.Text(name), -1)
			if len(ms) == 0 {
				continue
			}
			scheme := ms[len(ms)-1][1] // the last assignment wins
			return pdoDrivers[strings.ToLower(scheme)], "Doctrine's DATABASE_URL in " + name + " (" + scheme + "://...)"
		}
	case a.Laravel:
		src := f.Text("config/database.php")
		m := laravelDefaultConnection.FindStringSubmatch(src)
		if m == nil {
			return "", ""
		}
		from = "Laravel's default database connection (config/database.php: `" + m[2] + "`"
		if m[1] != "" {
			from += " unless " + m[1] + " names another"
		}
		return pdoDrivers[strings.ToLower(laravelConnectionDriver(src, m[2]))], from + ")"
	case a.CakePHP:
		for _, name := range []string{"config/app.php", "config/app.default.php"} {
			if m := cakeDriver.FindStringSubmatch(f.Text(name)); m != nil {
				return pdoDrivers[strings.ToLower(m[1])+"::class"], "CakePHP's default datasource (" + name + ": " + m[1] + "::class)"
			}
		}
	}
	return "", ""
}
