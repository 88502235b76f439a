// Package rules defines the build checks: each is one of BuildKit's linter.LinterRule (name,
// description, URL, a typed Format for its message) with the section of docs/checks.md that
// explains it. It holds definitions only: providers report a rule as a plan.Note without knowing
// how checks run, internal/lint runs and filters them, and docs/checks.md is generated from them.
//
// How to add a rule:
//  1. Define it in the file of its concern (spec.go, deps.go, node.go, ...) with New: a
//     PascalCase name, a one-sentence description, and a Format that writes the warning.
//  2. Write docs/<Name>.md here: why it matters, an example spec in a ```yaml block, and a
//     paragraph starting "Fix:".
//  3. Add it to All, in the order docs/checks.md lists it.
//  4. Report it: a provider appends r.Note(field, r.Format(...)) to the plan's notes (never a
//     plan.Note literal, which a test refuses); a rule about the spec alone gets a check function
//     in internal/lint.
//  5. Run `go generate ./internal/rules` and commit docs/checks.md (a test fails when it is stale).
package rules

import (
	"embed"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/org/multistage-frontend/internal/plan"
)

//go:generate go run ./gen ../../docs/checks.md

// DocsURL is where every rule is documented; a rule's URL is its section.
const DocsURL = "https://github.com/org/multistage-frontend/blob/main/docs/checks.md"

// Rule is a check whose warnings Format writes.
type Rule[F any] struct {
	linter.LinterRule[F]
}

// docs are the rules' sections of docs/checks.md, as BuildKit keeps its rules' docs beside them.
//
//go:embed docs/*.md
var docs embed.FS

// Info is what every rule has whatever its Format: what warnings, --check and the docs show.
type Info interface {
	linter.LinterRuleI
	Describe() Description
}

// Description is a rule's name, summary, link and documentation.
type Description struct {
	Name, Description, URL string
	// Doc is markdown: why the rule matters, an example spec and the fix.
	Doc string
}

// New defines a rule; its URL is its section of docs/checks.md.
func New[F any](name, description string, format F) *Rule[F] {
	return &Rule[F]{LinterRule: linter.LinterRule[F]{Name: name, Description: description,
		URL: DocsURL + "#" + strings.ToLower(name), Format: format}}
}

// Describe returns the rule's name, summary, link and documentation (docs/<Name>.md; "" when
// it is missing, which a test refuses).
func (r *Rule[F]) Describe() Description {
	doc, _ := docs.ReadFile("docs/" + r.Name + ".md")
	return Description{Name: r.Name, Description: r.Description, URL: r.URL, Doc: strings.TrimSpace(string(doc))}
}

// Note is a provider's report of the rule at a spec field ("" for the whole file); msg is what
// r.Format wrote.
func (r *Rule[F]) Note(field, msg string) plan.Note {
	return plan.Note{Rule: r.Name, Field: field, Msg: msg}
}

// All is every rule, in the order docs/checks.md and the warnings list them.
func All() []Info {
	return []Info{
		RootUser, PrivilegedPort, LatestImageTag, TestsDisabled, SecretsUsedInArgOrEnv, UnknownRuntimeAlias, UndeclaredBuildArg,
		MissingLockfile, SeveralLockfiles, NoDependencies,
		NodeVersion, NodeVersionEndOfLife, PackageManager, PackageManagerVersion, YarnPnP, NoTestScript, InstallScript,
		BuildScriptNotRun, NodeSassUnsupported, SiteBaseNotRead, GitHistoryMissing, EntrypointNotFound, WorkspaceNotSelected, RootDependenciesShipped, UnknownLockfile, LockfileRegistryHost, AssetsScript, UINotShipped, PrismaSchemaNotFound, PrismaQueryEngine, WebProcessOnly, DevelopmentProcess, ProcessNameTaken, ProcessNeedsShell, BuildpackWebServer, BuildpackPublishOutput, ServerInGroup, ServerAdded, DjangoSettingsMissing, DjangoAppNotInstalled, ManagementScript, PrintScript, DevelopmentScript, CommandLineScript, DatabaseNotWritable, ListenLocalhost, PortNotPublished, ProgramEnvNotSet, IncludedFileMissing, SqlxOfflineDataMissing, ServerSubcommandMissing,
		PackageManagerAtRunTime, ConfigFileMissing, BuildEnvMissing, BuildRunsMigration, BrowserNotInstalled, StartStepsNotRun, MigrationNotRun, EntrypointOnlyExports, StartScriptNotFollowed, CustomServerNotRun, PrismaEnvOnlyInDotenv,
		PythonVersionEndOfLife,
		GoVersionEndOfLife, CgoRequired, EmbeddedUIBuildTag, EmbeddedUINotBuilt, WebUINotBuilt, EmbeddedAssetNotBuilt, PackageNotInContext, EmbedNotInContext, VersionNotStamped, RuntimeToolMissing, RuntimeLibraryMissing, ArgumentRequired, CLibraryNotLinked,
		MissingPHPExtension, FrontEndNotBuilt, WheelLeavesOutAssets, VersionFromGit, BuildHookRunsNode, CmdReplacesEntrypoint, NoTestRunner, PHPVersionEndOfLife, RubyVersionEndOfLife, PacksNotBuilt, ViteHookNotRun, PrecompileRunsNode, ExecJSRuntimeMissing, PumaConfigNotRun, DatabaseConfigMissing, OptionalDatabaseGroup,
		BunfigNotShipped,
		AllPermissions,
		InvariantGlobalization,
	}
}

// Find returns the rule with that name, or nil.
func Find(name string) Info {
	for _, r := range All() {
		if r.RuleName() == name {
			return r
		}
	}
	return nil
}
