package ruby

import (
	"github.com/org/multistage-frontend/internal/lang"
	"github.com/org/multistage-frontend/internal/plan"
)

// nativeCheckScript is the file nativeCheck runs: it lists the ELF shared objects under its
// arguments whose machine is not $TARGETARCH, and fails when there is one. It reads headers only.
const nativeCheckScript = `names = { 3 => "386", 8 => "mips", 20 => "ppc", 21 => "ppc64", 22 => "s390x", 40 => "arm", 62 => "amd64",
          183 => "arm64", 243 => "riscv64" }
want, build = ENV.fetch("TARGETARCH"), ENV.fetch("BUILDARCH")
bad = []
ARGV.each do |top|
  Dir.glob(File.join(top, "**", "*.so{,.*}")).sort.each do |p|
    next if File.symlink?(p) || !File.file?(p)
    h = File.binread(p, 20)
    next unless h && h.bytesize == 20 && h.start_with?("\x7FELF".b)
    little = h.getbyte(5) == 1
    machine = h.byteslice(18, 2).unpack1(little ? "v" : "n")
    got = names.fetch(machine, "machine #{machine}")
    got = "ppc64le" if got == "ppc64" && little
    bad << "  #{p} (#{got})" if got != want
  end
end
exit if bad.empty?
warn "multistage-frontend: this image is for #{want}, but bundle install ran on the build platform (#{build}) and built native code for it:"
warn bad.first(20).join("\n")
warn "  ... and #{bad.size - 20} more" if bad.size > 20
warn "Gems of pure Ruby suit every platform; these do not. Build each platform on a builder of its own architecture " \
     "(a multi-node builder: docker buildx create --append --platform linux/#{want} ...), or do without the native gem."
exit 1
`

// nativeCheck fails a build for another platform whose bundle holds native code for another
// machine than the target's (lang.NativeCheck). bundle install runs on the build platform, so
// it compiles C extensions (and picks precompiled gems) for it: right for pure Ruby, wrong for a
// gem with an extension, which would only fail when the program requires it, on the target.
func nativeCheck(field string, dirs ...string) *plan.Run {
	return lang.NativeCheck(field, []string{"ruby"}, "native-check.rb", dirs...)
}
