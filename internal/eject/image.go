package eject

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/org/multistage-frontend/internal/plan"
)

var (
	labelKey = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/-]*$`)
	portText = regexp.MustCompile(`^[0-9]{1,5}/(tcp|udp|sctp)$`)
	signal   = regexp.MustCompile(`^[A-Z0-9+-]+$`)
)

// process writes what a process's stage changes of the runtime stage's config it inherits: the
// entrypoint (which resets the cmd, as in the graph) and, when it drops the runtime's health
// probe, HEALTHCHECK NONE.
func (w *writer) process(img *plan.Image) error {
	if w.p.Image.Healthcheck != nil && img.Healthcheck == nil {
		w.printf("HEALTHCHECK NONE\n")
	}
	w.printf("ENTRYPOINT %s\n", jsonList(img.Entrypoint))
	return nil
}

// image writes the runtime image's config at the end of the runtime stage, where it changes no
// layer: ENV, LABEL, EXPOSE, WORKDIR, USER, HEALTHCHECK, STOPSIGNAL, then ENTRYPOINT and CMD in
// the exec form, which needs no shell in the image.
func (w *writer) image(s *plan.Stage) error {
	img := w.p.Image
	if err := w.env(img.Env); err != nil {
		return err
	}
	var refs []string
	for _, l := range img.Labels {
		refs = append(refs, names(l.Value, w.known)...)
	}
	w.declare(refs)
	for _, l := range img.Labels {
		if !labelKey.MatchString(l.Key) {
			return fmt.Errorf("label key %q", l.Key)
		}
		w.printf("LABEL %s=%s\n", l.Key, dfValue(l.Value, w.known))
	}
	for _, p := range img.Ports {
		if !portText.MatchString(p) {
			return fmt.Errorf("port %q", p)
		}
	}
	if len(img.Ports) > 0 {
		w.printf("EXPOSE %s\n", strings.Join(img.Ports, " "))
	}
	if img.Workdir != "" && img.Workdir != s.Workdir {
		if err := w.pathLine("WORKDIR", img.Workdir); err != nil {
			return err
		}
	}
	if img.User != "" && img.User != s.User {
		if err := w.pathLine("USER", img.User); err != nil {
			return err
		}
	}
	if h := img.Healthcheck; h != nil {
		if err := w.healthcheck(h); err != nil {
			return err
		}
	}
	if img.Entrypoint != nil {
		w.printf("ENTRYPOINT %s\n", jsonList(img.Entrypoint))
	}
	if img.Cmd != nil {
		w.printf("CMD %s\n", jsonList(img.Cmd))
	}
	return nil
}

func (w *writer) healthcheck(h *plan.Healthcheck) error {
	if len(h.Test) == 0 {
		return fmt.Errorf("healthcheck without a test")
	}
	if h.Test[0] == "NONE" {
		w.printf("HEALTHCHECK NONE\n")
		return nil
	}
	var b strings.Builder
	b.WriteString("HEALTHCHECK")
	for _, d := range []struct {
		flag string
		ns   int64
	}{{"interval", h.Interval}, {"timeout", h.Timeout}, {"start-period", h.StartPeriod}} {
		if d.ns > 0 {
			fmt.Fprintf(&b, " --%s=%s", d.flag, time.Duration(d.ns))
		}
	}
	if h.Retries > 0 {
		fmt.Fprintf(&b, " --retries=%d", h.Retries)
	}
	switch {
	case h.Test[0] == "CMD":
		b.WriteString(" CMD " + jsonList(h.Test[1:]))
	case h.Test[0] == "CMD-SHELL" && len(h.Test) == 2 && !needsHeredoc(h.Test[1]):
		b.WriteString(" CMD " + h.Test[1])
	default:
		return fmt.Errorf("healthcheck %q has no Dockerfile form", h.Test)
	}
	w.printf("%s\n", b.String())
	return nil
}
