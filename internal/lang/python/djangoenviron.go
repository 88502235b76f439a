package python

import (
	"strings"

	"github.com/org/multistage-frontend/internal/plan"
)

// environPlaceholders are what a django-environ method parses without failing, by method;
// env() and env.str() get buildPlaceholder.
var environPlaceholders = map[string]string{
	"db": "sqlite://:memory:", "db_url": "sqlite://:memory:", "cache": "locmemcache://", "cache_url": "locmemcache://",
	"int": "0", "float": "0", "bool": "false", "list": "", "tuple": "", "dict": "", "json": "{}",
	"url": "http://localhost", "path": "/tmp", "search_url": "simple://", "email": "smtp://localhost", "email_url": "smtp://localhost",
}

// environDefaultVars are the variables django-environ's methods read when given none.
var environDefaultVars = map[string]string{"db": "DATABASE_URL", "db_url": "DATABASE_URL", "cache": "CACHE_URL", "cache_url": "CACHE_URL",
	"search_url": "SEARCH_URL", "email": "EMAIL_URL", "email_url": "EMAIL_URL"}

// requiredEnv are the variables the settings texts read with django-environ and no default, with
// a placeholder each, in the order read; not those an environ.Env(...) of the texts gives a
// default, nor a settings file that reads no django-environ.
func requiredEnv(texts []string) []plan.Env {
	schema := map[string]bool{}
	for _, t := range texts {
		for _, m := range environEnv.FindAllStringSubmatch(t, -1) {
			for _, v := range environSchema.FindAllStringSubmatch(m[1], -1) {
				schema[v[1]] = true
			}
		}
	}
	var out []plan.Env
	seen := map[string]bool{}
	for _, t := range texts {
		if !strings.Contains(t, "environ") {
			continue
		}
		for _, m := range environRequired.FindAllStringSubmatch(t, -1) {
			name := m[2]
			if name == "" {
				name = environDefaultVars[m[1]]
			}
			if name == "" || schema[name] || seen[name] || name == "SECRET_KEY" || name == "DJANGO_SECRET_KEY" {
				continue
			}
			seen[name] = true
			v, ok := environPlaceholders[m[1]]
			if !ok {
				v = buildPlaceholder
			}
			out = append(out, plan.Env{Key: name, Value: v})
		}
	}
	return out
}
