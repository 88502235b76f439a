package python

import (
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// runtimeLibrary is a shared library a distribution loads at run time, which the slim and
// alpine images lack while the builder (a full python image) has its -dev package, so a source
// build links it and succeeds: the image would fail on the import.
type runtimeLibrary struct {
	// dist needs the library unless unless (a distribution bundling it) is installed too.
	dist, unless string
	// lib is the runtime packages holding it, on Debian (bookworm and trixie) and Alpine.
	lib lang.Library
}

// runtimeLibraries: psycopg2 and mysqlclient publish no Linux wheels and compile against
// libpq and MariaDB's client library; psycopg 3 loads libpq itself unless its binary extra
// (psycopg-binary) brings a copy. The others are pure Python over a library they load at run
// time with ctypes or cffi, which no wheel brings: python-magic libmagic, pyvips libvips,
// WeasyPrint Pango (and HarfBuzz's subsetter, as its install docs list for Debian), cairocffi
// and CairoSVG cairo.
//
// The apt names are Debian 12's. Debian 13 renamed some libraries for its 64-bit time_t
// (libmagic1t64, libvips42t64), and on 64-bit platforms the new package provides the old name,
// which apt-get install then selects ("Note, selecting 'libmagic1t64' instead of
// 'libmagic1'"): one name serves the python images of either release.
var runtimeLibraries = []runtimeLibrary{
	{dist: "psycopg2", lib: lang.Library{Apt: "libpq5", Apk: "libpq"}},
	{dist: "psycopg", unless: "psycopg-binary", lib: lang.Library{Apt: "libpq5", Apk: "libpq"}},
	{dist: "mysqlclient", lib: lang.Library{Apt: "libmariadb3", Apk: "mariadb-connector-c"}},
	{dist: "python-magic", lib: lang.Library{Apt: "libmagic1", Apk: "libmagic"}},
	{dist: "pyvips", unless: "pyvips-binary", lib: lang.Library{Apt: "libvips42", Apk: "vips"}},
	{dist: "weasyprint", lib: lang.Library{Apt: "libpango-1.0-0", Apk: "pango"}},
	{dist: "weasyprint", lib: lang.Library{Apt: "libpangoft2-1.0-0", Apk: "pango"}},
	{dist: "weasyprint", lib: lang.Library{Apt: "libharfbuzz-subset0", Apk: "harfbuzz-subset"}},
	{dist: "cairocffi", lib: lang.Library{Apt: "libcairo2", Apk: "cairo"}},
	{dist: "cairosvg", lib: lang.Library{Apt: "libcairo2", Apk: "cairo"}},
}

// geoLibraries are GeoDjango's: GDAL, GEOS and PROJ, which Django finds with ctypes. Debian's
// library packages are named by their ABI (libgdal32 on Debian 12, libgdal36 on 13), so the
// package is gdal-bin, which depends on the release's libgdal, and that on libgeos-c1 and
// libproj, as GeoDjango's install docs for Debian and umap's own image install it.
var geoLibraries = []lang.Library{{Apt: "gdal-bin", Apk: "gdal"}, {Apt: "gdal-bin", Apk: "geos"}, {Apt: "gdal-bin", Apk: "proj"}}

// nativeLibraries are the runtime packages the dependencies need, for the runtime alias's
// package manager, sorted, each once; none for distroless (no package manager) or an image the
// spec names (its packages are its own). A GeoDjango project's get geoLibraries.
func nativeLibraries(installs map[string]bool, alias string, django *djangoProject) []string {
	var libs []lang.Library
	if django != nil && django.gis {
		libs = append(libs, geoLibraries...)
	}
	for _, l := range runtimeLibraries {
		if installs[l.dist] && (l.unless == "" || !installs[l.unless]) {
			libs = append(libs, l.lib)
		}
	}
	return lang.LibraryPackages(libs, alias)
}

// geoBuildPackages installs geoLibraries into deps, on the builder image, for a GeoDjango
// project: builder's collectstatic and tester's tests import the models, which load GDAL, and
// the python image has none. nil otherwise.
func geoBuildPackages(s *spec.Spec, image string, django *djangoProject) []plan.Step {
	if django == nil || !django.gis {
		return nil
	}
	var pkgs []string
	for _, l := range geoLibraries {
		pkgs = lang.AppendNew(pkgs, l.In(image))
	}
	return []plan.Step{lang.InstallPackages(lang.PackageManagerOf(image), pkgs, lang.FirstField(s, "language"))}
}
