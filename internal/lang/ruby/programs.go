package ruby

import (
	"regexp"
	"slices"
	"strconv"

	"github.com/org/multistage-frontend/internal/lang"
)

// Some gems are wrappers around a program they run, not a library they link: mini_magick runs
// ImageMagick's `convert`/`magick`, rtesseract runs `tesseract`. bundle install succeeds without
// the program and so does the build; the call fails at run time ("executable not found:
// convert"), on the first image variant or upload. The slim and alpine images hold neither, so
// the runtime gets the program's package, as hackclub/hcb's Dockerfile installs imagemagick and
// tesseract-ocr, when the application uses the gem:
//   - the Gemfile names it (hcb's `gem "mini_magick"`, `gem "rtesseract"`): the application
//     calls it itself; a gem only locked as another's dependency is not enough, since
//     image_processing depends on both mini_magick and ruby-vips and most applications use vips;
//   - for mini_magick, Active Storage's variant processor is it: `config.active_storage.
//     variant_processor = :mini_magick` in config/application.rb or the production environment
//     (hcb's), or image_processing in the bundle with `config.load_defaults` below 7.0 and no
//     variant processor set, since Rails' own default was :mini_magick until 7.0's :vips.

// gemPrograms are the gems that run a program, with its package.
var gemPrograms = []struct {
	gem string
	pkg lang.Library
}{
	{"mini_magick", lang.Library{Apt: "imagemagick", Apk: "imagemagick"}},
	{"rtesseract", lang.Library{Apt: "tesseract-ocr", Apk: "tesseract-ocr"}},
}

// railsProductionConfig is where Rails' production configuration is, for Language().Reads
// (config/application.rb is read already).
const railsProductionConfig = "config/environments/production.rb"

var (
	variantProcessor = regexp.MustCompile(`(?m)^[^#\n]*\bactive_storage\.variant_processor\s*=\s*:(\w+)`)
	loadDefaults     = regexp.MustCompile(`(?m)^[^#\n]*\bconfig\.load_defaults\s*\(?\s*["']?(\d+)\.(\d+)`)
)

// programPackages are the packages of the programs the application's gems run.
func programPackages(f lang.Facts, gf gemfile, lock lockfile) []lang.Library {
	var out []lang.Library
	for _, g := range gemPrograms {
		if lock.has(g.gem) && (slices.Contains(gf.Gems, g.gem) || g.gem == "mini_magick" && variantMiniMagick(f, lock)) {
			out = append(out, g.pkg)
		}
	}
	return out
}

// variantMiniMagick reports Active Storage's variants made by mini_magick.
func variantMiniMagick(f lang.Facts, lock lockfile) bool {
	set := ""
	for _, name := range []string{"config/application.rb", railsProductionConfig} {
		if ms := variantProcessor.FindAllStringSubmatch(f.Text(name), -1); ms != nil {
			set = ms[len(ms)-1][1] // production's after application's, the last one of a file
		}
	}
	if set != "" {
		return set == "mini_magick"
	}
	m := loadDefaults.FindStringSubmatch(f.Text("config/application.rb"))
	if m == nil || !lock.has("image_processing") {
		return false
	}
	major, _ := strconv.Atoi(m[1])
	return major < 7
}
