package php

import (
	"slices"
	"strings"
	"testing"
)

// TestBolt: a Bolt CMS project (Symfony, public/ served) whose .dockerignore leaves out every
// .gitignore gets public/files and public/thumbs as the runtime user's, beside Symfony's var/;
// the same tree without bolt/core does not.
func TestBolt(t *testing.T) {
	ctx := map[string]string{
		"composer.json": `{"name": "bolt/project", "require": {"php": ">=8.2", "bolt/core": "~5.2", "symfony/flex": "^1.9"},
			"config": {"allow-plugins": {"symfony/flex": true}}}`,
		"composer.lock":                     `{"packages": [{"name": "bolt/core", "version": "5.2.2"}, {"name": "symfony/framework-bundle", "version": "v6.4.0"}]}`,
		"bin/console":                       "#!/usr/bin/env php\n<?php\n",
		"public/index.php":                  "<?php\nuse App\\Kernel;\nrequire_once dirname(__DIR__).'/vendor/autoload_runtime.php';\n",
		"public/files/.gitkeep":             "",
		"public/thumbs/.gitkeep":            "",
		"public/theme/base-2021/index.twig": "{% extends 'partials/_master.twig' %}\n",
		".dockerignore":                     "**/.gitignore\n**/.dockerignore\nvar/\nvendor/\n",
	}
	p := provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
	ownsDirs(t, p, "var", "public/files", "public/thumbs")
	if d := p.Stage("runtime").Description; !strings.Contains(d, "public/files, public/thumbs (Bolt's") {
		t.Errorf("runtime: %s", d)
	}

	ctx["composer.json"] = `{"require": {"php": ">=8.2", "symfony/flex": "^1.9"}}`
	ctx["composer.lock"] = `{"packages": [{"name": "symfony/framework-bundle", "version": "v6.4.0"}]}`
	p = provider.MustPlan(t, "language: php\n", provider.Gathered(t, "language: php\n", ctx))
	if copied := builderCopies(t, p); slices.ContainsFunc(copied, func(c string) bool { return strings.Contains(c, "public/files") }) {
		t.Errorf("without Bolt: %q", copied)
	}
}
