package lint

import (
	"regexp"

	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// secretName and publicName are the Dockerfile frontend's tests for a secret-looking ARG or ENV
// name (GITHUB_TOKEN, DB_PASSWORD, API_KEY; not PUBLIC_KEY or KEY_FILE), so the two agree.
var (
	secretName = regexp.MustCompile(`(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)`)
	publicName = regexp.MustCompile(`(?i)(?:_|^)(?:public|file|version)(?:_|$)`)
)

// secretValues are shapes of real credentials, whatever the variable is called.
var secretValues = []struct {
	what string
	re   *regexp.Regexp
}{
	{"a private key", regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY`)},
	{"a GitHub token", regexp.MustCompile(`\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})`)},
	{"a GitLab token", regexp.MustCompile(`\bglpat-[A-Za-z0-9_-]{20,}`)},
	{"an npm token", regexp.MustCompile(`\bnpm_[A-Za-z0-9]{36}\b`)},
	{"an AWS access key id", regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`)},
	{"a Google API key", regexp.MustCompile(`\bAIza[0-9A-Za-z_-]{35}\b`)},
	{"a Slack token", regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}`)},
	{"a Stripe key", regexp.MustCompile(`\b[sr]k_live_[A-Za-z0-9]{16,}`)},
	{"a JSON web token", regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}`)},
	// a password in a URL; "user:${TOKEN}@" refers to an arg and is judged by that arg's name
	{"a URL with a password", regexp.MustCompile(`[a-z][a-z0-9+.-]*://[^/\s:@$]+:[^/\s@$][^/\s@]*@`)},
}

// secretsUsedInArgOrEnv: env and labels end up in the image config, args and build.env in the
// build's cache keys, history and provenance. Secrets belong in build.secrets.
func secretsUsedInArgOrEnv(s *spec.Spec) []finding {
	var out []finding
	for _, group := range []struct {
		field string
		kv    spec.KeyValues
		where string
	}{
		{"env", s.Env, "is stored in the image config, readable by anyone who pulls the image"},
		{"args", s.Args, "is recorded in the build's history and provenance"},
		{"build.env", s.Build.Env, "is recorded in the build's cache keys and provenance"},
	} {
		for _, e := range group.kv {
			field := group.field + "." + e.Key
			switch {
			case secretName.MatchString(e.Key) && !publicName.MatchString(e.Key):
				out = append(out, finding{field, rules.SecretsUsedInArgOrEnv.Format(field, "", group.where)})
			default:
				if what := secretValue(e.Value); what != "" {
					out = append(out, finding{field, rules.SecretsUsedInArgOrEnv.Format(field, what, group.where)})
				}
			}
		}
	}
	return out
}

func secretValue(v string) string {
	for _, sv := range secretValues {
		if sv.re.MatchString(v) {
			return sv.what
		}
	}
	return ""
}
