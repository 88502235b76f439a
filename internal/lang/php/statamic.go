package php

import (
	"slices"

	"github.com/org/multistage-frontend/internal/lang"
)

// Statamic is a flat-file CMS on Laravel: its control panel saves what an editor makes as YAML
// and Markdown files below the project, not in a database: entries, globals, navigation and
// taxonomies in content/, users in users/, blueprints, fieldsets, forms and the user roles and
// groups below resources/, and uploaded assets in public/assets (the skeleton's `assets` disk).
// Those are the paths its git automation commits (config/statamic/git.php), and root-owned in
// the image every save in the control panel fails. They belong to the runtime user, with what
// the repository holds there, made when the skeleton keeps none (resources/fieldsets,
// resources/forms).

// statamicWritable are the directories Statamic writes besides Laravel's.
var statamicWritable = []string{"content", "users", "public/assets", "resources/blueprints", "resources/fieldsets",
	"resources/forms", "resources/users"}

// declareStatamic makes Statamic's directories with Laravel's.
func declareStatamic(t *lang.Toolchain) {
	t.Build.Dirs = append(slices.Clone(t.Build.Dirs), statamicWritable...)
}
