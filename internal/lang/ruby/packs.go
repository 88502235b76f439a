package ruby

import (
	"cmp"
	"errors"
	"fmt"
	"path"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/internal/rules"
	"github.com/org/multistage-frontend/spec"
)

// packerConfigs are Shakapacker's configuration (config/webpacker.yml before Shakapacker 7, and
// in Webpacker's apps), which its JavaScript package reads itself.
var packerConfigs = []string{"config/shakapacker.yml", "config/webpacker.yml"}

// packerReads are the bundler's configs planning reads where Shakapacker looks by default
// (assets_bundler_config_path: config/webpack, or config/rspack for rspack, with webpack's there
// as a fallback), and Webpacker 5's config/webpack/<NODE_ENV>.js.
var packerReads = []string{"config/webpack/webpack.config.ts", "config/webpack/webpack.config.js", webpacker5Config,
	"config/rspack/rspack.config.ts", "config/rspack/rspack.config.js", "config/rspack/webpack.config.ts", "config/rspack/webpack.config.js"}

// webpacker5Config is the webpack config Webpacker before 6 runs (config/webpack/<NODE_ENV>.js).
const webpacker5Config = "config/webpack/production.js"

// packer is a Rails app's Shakapacker front end (or Webpacker's, its predecessor): the packs that
// bin/shakapacker builds by running webpack (or rspack) with the project's config, which reads
// the packer's configuration itself, into public_root_path/public_output_path (public/packs).
// The manifest there is what the app's javascript_pack_tag reads at run time.
type packer struct {
	gem string // shakapacker or webpacker
	// config is the configuration file, "" when there is none.
	config string
	// bundler is webpack or rspack, run with bundlerConfig ("" when none was found at dir).
	bundler, bundlerConfig, dir string
	// output is where production's packs are written, relative to the context.
	output string
	// hook is precompile_hook: a command bin/shakapacker's rake task runs before the bundler.
	hook string
	// why it cannot be built by default, and what to write instead; "" when it can.
	problem, fix string
}

// packerSettings are the keys of the configuration's production section (else its default one)
// that planning uses, with Shakapacker's defaults.
type packerSettings struct {
	RootPath     string `yaml:"public_root_path"`
	OutputPath   string `yaml:"public_output_path"`
	Bundler      string `yaml:"assets_bundler"`
	OldBundler   string `yaml:"bundler"`
	BundlerPath  string `yaml:"assets_bundler_config_path"`
	Hook         string `yaml:"precompile_hook"`
	ManifestPath string `yaml:"manifest_path"`
}

// readPacker is the project's packer, ok false when its bundle has neither gem.
func readPacker(f lang.Facts, lock lockfile) (p packer, ok bool) {
	switch {
	case lock.has("shakapacker"):
		p.gem = "shakapacker"
	case lock.has("webpacker"):
		p.gem = "webpacker"
	default:
		return p, false
	}
	p.config = f.First(packerConfigs...)
	if p.config == "" {
		p.problem = "it has no " + packerConfigs[0] + " (nor " + packerConfigs[1] + ") to say where they go"
		p.fix = "run `bin/rails shakapacker:install`, or write `assets` for them"
		p.output = "public/packs"
		return p, true
	}
	st, err := packerSections(f[p.config])
	if err != nil {
		p.problem, p.fix, p.output = p.config+" is not YAML planning can read ("+firstLine(err.Error())+")", "write `assets` for them", "public/packs"
		return p, true
	}
	p.output = path.Join(cmp.Or(st.RootPath, "public"), cmp.Or(st.OutputPath, "packs"))
	p.bundler = cmp.Or(st.Bundler, st.OldBundler, "webpack")
	p.dir = cmp.Or(st.BundlerPath, "config/"+p.bundler)
	p.hook = st.Hook
	var looked []string // the bundler's configs bin/shakapacker (bin/webpack) would run, in its order
	switch major, _ := lock.version("webpacker"); {
	case p.gem == "webpacker" && major > 0 && major < 6: // bin/webpack runs config/webpack/$NODE_ENV.js
		looked = []string{webpacker5Config}
	default:
		if dir, ok := lang.RelPath(p.dir); ok {
			p.dir = dir
			looked = bundlerConfigs(dir, p.bundler)
		}
		if p.bundler == "rspack" && p.dir == "config/rspack" { // Shakapacker's fallback for configs of before rspack
			looked = append(looked, bundlerConfigs("config/webpack", "webpack")...)
		}
		if p.gem == "webpacker" && major == 0 { // no lockfile: either Webpacker
			looked = append(looked, webpacker5Config)
		}
	}
	p.bundlerConfig = f.First(looked...)
	out, outOK := lang.RelPath(p.output)
	manifest, manifestOK := lang.RelPath(cmp.Or(st.ManifestPath, path.Join(p.output, "manifest.json")))
	switch {
	case p.bundler != "webpack" && p.bundler != "rspack":
		p.problem, p.fix = fmt.Sprintf("%s's assets_bundler is %q, neither webpack nor rspack", p.config, p.bundler), "write `assets` for them"
	case !outOK || out == ".":
		p.problem, p.fix = fmt.Sprintf("%s writes them to %s, not a directory inside the build context", p.config, p.output), "write `assets` for them"
	case !manifestOK || !strings.HasPrefix(manifest, out+"/"):
		p.problem, p.fix = fmt.Sprintf("%s's manifest_path %s is outside %s, which is all the build copies", p.config, st.ManifestPath, p.output), "write `assets` for them"
	case p.bundlerConfig == "":
		p.problem = fmt.Sprintf("no %s config is where it looks (%s)", p.bundler, strings.Join(looked, ", "))
		p.fix = "write `assets` for them"
	case p.hook != "":
		p.problem = fmt.Sprintf("%s's precompile_hook (`%s`) runs before the bundler, which a Node.js stage of its own cannot run", p.config, p.hook)
		p.fix = "commit what the hook generates, then write `assets` for them"
	case !f.Has("package.json"):
		p.problem, p.fix = "the project has no package.json to install the bundler from", "add the package.json and its lockfile"
	}
	p.output = cmp.Or(out, p.output)
	return p, true
}

// bundlerConfigs are the bundler's configs Shakapacker looks for in dir, TypeScript's first;
// rspack falls back to a webpack config there.
func bundlerConfigs(dir, bundler string) []string {
	names := []string{"webpack"}
	if bundler == "rspack" {
		names = []string{"rspack", "webpack"}
	}
	var out []string
	for _, n := range names {
		for _, ext := range []string{"ts", "js"} {
			out = append(out, path.Join(dir, n+".config."+ext))
		}
	}
	return out
}

// packerSections reads the configuration's production section, else its default one (a
// TypeError leaves the keys it could read).
func packerSections(dt []byte) (packerSettings, error) {
	var conf map[string]packerSettings
	err := yaml.Unmarshal(dt, &conf)
	if te := (*yaml.TypeError)(nil); errors.As(err, &te) {
		err = nil
	}
	st, found := conf["production"]
	if !found {
		st = conf["default"]
	}
	return st, err
}

// assets are the packs as default assets: the bundler with the project's config, as
// bin/shakapacker runs it (NODE_ENV and RAILS_ENV production, the configuration named), in
// Node.js stages of their own with the project's lockfile and package manager.
func (p packer) assets() *spec.Assets {
	env := spec.KeyValues{{Key: "NODE_ENV", Value: "production"}, {Key: "RAILS_ENV", Value: "production"},
		{Key: "SHAKAPACKER_CONFIG", Value: p.config}}
	if p.config == packerConfigs[1] { // Webpacker's, and Shakapacker 6's
		env = append(env, spec.KeyValue{Key: "WEBPACKER_CONFIG", Value: p.config})
	}
	return &spec.Assets{Dir: ".", Output: p.output, Command: []string{"node_modules/.bin/" + p.bundler, "--config", p.bundlerConfig}, Env: env}
}

// precompileSkip makes assets:precompile (with sprockets or propshaft) skip the packer's own
// compile, which the default assets did and which would need Node.js in the builder.
func (p packer) precompileSkip() plan.Env {
	if p.gem == "webpacker" {
		return plan.Env{Key: "WEBPACKER_PRECOMPILE", Value: "false"}
	}
	return plan.Env{Key: "SHAKAPACKER_PRECOMPILE", Value: "false"}
}

// packsNote warns of packs the build does not make: the packer's shape is one the default
// cannot build, and the spec names no `assets`.
func packsNote(s *spec.Spec, f lang.Facts, lock lockfile) []plan.Note {
	if s.Assets != nil {
		return nil
	}
	if scripts, _ := bundledScripts(f, lock); len(scripts) > 0 {
		return nil
	}
	p, ok := readPacker(f, lock)
	if !ok || p.problem == "" {
		return nil
	}
	return append([]plan.Note(nil), rules.PacksNotBuilt.Note(lang.FirstField(s, "language"),
		rules.PacksNotBuilt.Format(p.gem, p.output, p.problem, p.fix)))
}

// packerFollow are the bundler's configs in the directory the configuration names, when it is
// not one planning reads anyway.
func packerFollow(f lang.Facts) []string {
	name := f.First(packerConfigs...)
	if name == "" {
		return nil
	}
	st, err := packerSections(f[name])
	dir, ok := lang.RelPath(st.BundlerPath)
	if err != nil {
		return nil
	}
	if st.BundlerPath == "" || !ok || dir == "." {
		return nil
	}
	return bundlerConfigs(dir, cmp.Or(st.Bundler, st.OldBundler, "webpack"))
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
