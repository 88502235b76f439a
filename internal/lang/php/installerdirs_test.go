package php

import (
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestInstallerPermissions: the directories config/installer.php's permissions list besides
// Laravel's are the runtime user's (FreeScout's minified bundles and modules).
func TestInstallerPermissions(t *testing.T) {
	const config = "<?php\n\nreturn [\n    'core' => ['minPhpVersion' => '7.1.0'],\n    'permissions' => [\n" +
		"        'storage/app/'            => '775',\n        'storage/framework/'      => '775',\n        'bootstrap/cache/'        => '775',\n" +
		"        'public/css/builds/'      => '775',\n        'Modules/'                => '775',\n    ],\n" +
		"    'environment' => ['form' => ['rules' => ['app_name' => 'required|string|max:50']]],\n];\n"
	p := provider.MustPlan(t, "language: php\n", laravelApp(t, "config/installer.php", config, "Modules/.gitkeep", ""))
	copied := strings.Join(builderCopies(t, p, "storage", "public/css/builds", "Modules"), "\n")
	langtest.Has(t, "the runtime's copies", copied, "/app/storage>/app/storage/ 33:33", "/app/bootstrap/cache>/app/bootstrap/cache/ 33:33",
		"/app/public/css/builds>/app/public/css/builds/ 33:33", "/app/Modules>/app/Modules/ 33:33")
	if strings.Contains(copied, "storage/app>") || strings.Contains(copied, "app_name") {
		t.Errorf("the runtime copies\n%s", copied)
	}
	if d := p.Stage("runtime").Description; !strings.Contains(d, "public/css/builds, Modules (config/installer.php's permissions, which its installer checks)") {
		t.Errorf("runtime: %s", d)
	}
}
