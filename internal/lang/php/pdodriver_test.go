package php

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestDatabaseDriver: the PDO driver of the database a framework's configuration uses by default
// is warned of by MissingPHPExtension when the php images lack it and composer does not require
// it: a Symfony API on Doctrine whose committed .env says postgresql:// (api-platform/demo's
// shape; .env.prod wins over .env), a Laravel 10 application whose config/database.php defaults
// to mysql (through env() or a helper of its own, 2FAuth's envUnlessEmpty), or to a connection
// named otherwise whose driver is pgsql, a CakePHP application
// whose datasource is Mysql::class in config/app.default.php (passbolt's shape). Not SQLite
// (symfony/demo's and the Laravel 11 skeleton's default), not a .env commented out, not Symfony
// without Doctrine, not a driver composer.json requires (composer's own warning names it), and
// not on a runtime image of the spec's.
func TestDatabaseDriver(t *testing.T) {
	const (
		symfonyComposer = `{"require": {"php": ">=8.4", "symfony/framework-bundle": "7.3.*", "doctrine/doctrine-bundle": "^2.13", "symfony/flex": "^2"}}`
		laravelComposer = `{"require": {"php": "^8.2", "laravel/framework": "^10.10"}}`
		laravelConfig   = "<?php\n\nuse Illuminate\\Support\\Str;\n\nreturn [\n    'default' => env('DB_CONNECTION', %s),\n\n    'connections' => [\n" +
			"        'sqlite' => [\n            'driver' => 'sqlite',\n            'database' => database_path('database.sqlite'),\n        ],\n" +
			"        'mysql' => [\n            'driver' => 'mysql',\n            'host' => env('DB_HOST', '127.0.0.1'),\n        ],\n" +
			"        'main' => [\n            'driver' => 'pgsql',\n            'host' => env('DB_HOST', '127.0.0.1'),\n        ],\n    ],\n\n" +
			"    'redis' => [\n        'default' => [\n            'host' => env('REDIS_HOST', '127.0.0.1'),\n        ],\n    ],\n];\n"
		cakeComposer = `{"require": {"php": ">=8.2", "cakephp/cakephp": "^5.1"}, "scripts": {"post-install-cmd": "App\\Console\\Installer::postInstall"}}`
		cakeConfig   = "<?php\nuse Cake\\Database\\Connection;\nuse Cake\\Database\\Driver\\Mysql;\n\nreturn [\n    'App' => ['namespace' => 'App'],\n" +
			"    'Datasources' => [\n        'default' => [\n            'className' => Connection::class,\n" +
			"            'driver' => env('DATASOURCES_DEFAULT_DRIVER', Mysql::class),\n            'host' => env('DATASOURCES_DEFAULT_HOST', 'localhost'),\n" +
			"        ],\n    ],\n];\n"
	)
	symfony := func(more ...string) []string {
		return append([]string{"composer.json", symfonyComposer, "composer.lock", `{"packages": []}`, "bin/console", "#!/usr/bin/env php\n<?php\n",
			"public/index.php", "<?php\n"}, more...)
	}
	laravel := func(composer string, more ...string) []string {
		return append([]string{"composer.json", composer, "composer.lock", `{"packages": []}`, "artisan", "#!/usr/bin/env php\n<?php\n",
			"public/index.php", "<?php\n"}, more...)
	}
	cake := []string{"composer.json", cakeComposer, "composer.lock", `{"packages": []}`, "webroot/index.php", "<?php\n", "index.php", "<?php\nrequire 'webroot' . DIRECTORY_SEPARATOR . 'index.php';\n",
		"config/app.default.php", cakeConfig}
	for _, c := range []struct {
		name, spec string
		files      []string
		want       string // MissingPHPExtension's message for a PDO driver, "" for none
	}{
		{"Symfony on PostgreSQL", "", symfony(".env", "APP_ENV=dev\n# DATABASE_URL=\"sqlite:///%kernel.project_dir%/var/data.db\"\n"+
			"DATABASE_URL=\"postgresql://app:!ChangeMe!@database:5432/app?serverVersion=16&charset=utf8\"\n"),
			"Doctrine's DATABASE_URL in .env (postgresql://...) needs ext-pdo_pgsql, which php:8.4-fpm does not include"},
		{"Symfony, .env.prod after .env", "", symfony(".env", "DATABASE_URL=sqlite:///%kernel.project_dir%/var/app.db\n", ".env.prod", "DATABASE_URL=mysql://app@db:3306/app\n"),
			"Doctrine's DATABASE_URL in .env.prod (mysql://...) needs ext-pdo_mysql"},
		{"Symfony on SQLite", "", symfony(".env", "DATABASE_URL=\"sqlite:///%kernel.project_dir%/data/database.sqlite\"\n# DATABASE_URL=\"mysql://app@127.0.0.1:3306/app\"\n"), ""},
		{"Symfony, the URL commented out", "", symfony(".env", "# DATABASE_URL=\"postgresql://app@127.0.0.1:5432/app\"\n"), ""},
		{"Symfony without Doctrine", "", append([]string{"composer.json", `{"require": {"symfony/framework-bundle": "7.3.*"}}`, "composer.lock", `{"packages": []}`,
			"bin/console", "<?php\n", "public/index.php", "<?php\n"}, ".env", "DATABASE_URL=postgresql://app@db/app\n"), ""},
		{"Symfony on a runtime of the spec's", "runtime: registry.example.com/php-pgsql:8.4-fpm\n",
			symfony(".env", "DATABASE_URL=postgresql://app@db/app\n"), ""},
		{"Laravel 10 on MySQL", "", laravel(laravelComposer, "config/database.php", strings.Replace(laravelConfig, "%s", "'mysql'", 1)),
			"Laravel's default database connection (config/database.php: `mysql` unless DB_CONNECTION names another) needs ext-pdo_mysql"},
		{"Laravel, a connection of its own on pgsql", "", laravel(laravelComposer, "config/database.php", strings.Replace(laravelConfig, "%s", "'main'", 1)),
			"(config/database.php: `main` unless DB_CONNECTION names another) needs ext-pdo_pgsql"},
		{"Laravel, a helper of its own for env()", "", laravel(laravelComposer, "config/database.php",
			strings.Replace(laravelConfig, "env('DB_CONNECTION', %s)", "envUnlessEmpty('DB_CONNECTION', 'mysql')", 1)),
			"(config/database.php: `mysql` unless DB_CONNECTION names another) needs ext-pdo_mysql"},
		{"Laravel requiring pdo_mysql", "", laravel(`{"require": {"php": "^8.2", "ext-pdo_mysql": "*", "laravel/framework": "^10.10"}}`,
			"config/database.php", strings.Replace(laravelConfig, "%s", "'mysql'", 1)), ""},
		{"Laravel on SQLite", "", laravel(laravelComposer, "config/database.php", strings.Replace(laravelConfig, "%s", "'sqlite'", 1)), ""},
		{"Laravel 11 without config/database.php", "", laravel(`{"require": {"php": "^8.2", "laravel/framework": "^11.0"}}`), ""},
		{"CakePHP on MySQL", "", cake, "CakePHP's default datasource (config/app.default.php: Mysql::class) needs ext-pdo_mysql"},
	} {
		ctx := langtest.With(map[string]string{}, c.files...)
		src := "language: php\n" + c.spec
		p := provider.MustPlan(t, src, provider.Gathered(t, src, ctx))
		// composer's own form of the rule says "require ext-pdo_mysql"; the driver's, "needs"
		warned := slices.DeleteFunc(langtest.Messages(p, "MissingPHPExtension"), func(m string) bool { return !strings.Contains(m, "needs ext-pdo_") })
		if got := strings.Join(warned, "\n"); len(warned) > 1 || c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("%s: warned %q, want %q", c.name, warned, c.want)
		}
	}
}
