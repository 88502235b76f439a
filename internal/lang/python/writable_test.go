package python

import (
	"testing"

	"github.com/org/multistage-frontend/internal/lang/langtest"
)

// TestWritableDirectories: a Python app's `writable` directories (an SQLite file's directory,
// uploads) are copied from the builder into /app owned by the runtime user, and the app's own
// copy leaves them out; the ejected Dockerfile says the same.
func TestWritableDirectories(t *testing.T) {
	p := provider.MustPlan(t, "language: python\nwritable: [instance, media/uploads]\n", reqApp)
	langtest.Writable(t, p, "65532:65532", "/app", "mkdir -p instance media/uploads", "instance", "media/uploads")
	langtest.Ejects(t, p, "COPY --from=builder --chown=65532:65532 /app/instance /app/instance/",
		"COPY --from=builder --chown=65532:65532 /app/media/uploads /app/media/uploads/", "--exclude=instance --exclude=media/uploads /app /app\n")
}
