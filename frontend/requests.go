package frontend

import (
	"bytes"
	"context"
	"encoding/json"

	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/frontend/gateway/client"
	"github.com/moby/buildkit/frontend/subrequests"
	lintreq "github.com/moby/buildkit/frontend/subrequests/lint"
	"github.com/moby/buildkit/frontend/subrequests/outline"
	"github.com/moby/buildkit/frontend/subrequests/targets"
	"github.com/org/multistage-frontend/internal/eject"
	"github.com/org/multistage-frontend/internal/plan"
	"github.com/org/multistage-frontend/spec"
)

// ejectRequest is `docker buildx build --call dockerfile`: buildx sends any --call NAME to the
// frontend as the subrequest frontend.NAME, without checking it against the frontend's
// description, and prints the result's result.txt (result.json with format=json).
var ejectRequest = subrequests.Request{
	Name:        "frontend.dockerfile",
	Version:     "1.0.0",
	Type:        subrequests.TypeRPC,
	Description: "Print this build as a plain Dockerfile (eject)",
	Metadata:    []subrequests.Named{{Name: "result.json"}, {Name: "result.txt"}},
}

// checkRequest is BuildKit's lint subrequest (--check, --call check), described for a spec.
var checkRequest = func() subrequests.Request {
	r := lintreq.SubrequestLintDefinition
	r.Description = "Check the build spec (docs/checks.md)"
	return r
}()

// request is what a subrequest may need: the spec and its plan, or why there are none.
type request struct {
	bc  *dockerui.Client
	src *dockerui.Source
	s   *spec.Spec // nil when the spec does not parse
	p   *plan.Plan // nil when the spec does not parse or plan
	err error      // the parse or plan error, with its spec lines
	// checkArg is the BUILDKIT_DOCKERFILE_CHECK build arg, which overrides `# check=`.
	checkArg *linter.Config
	// buildArgs are the names of the build's --build-arg values.
	buildArgs []string
}

// answer answers the subrequest id (--call); ok is false when there is none and this is a build.
// A check reports a broken spec as its result; the other requests fail with it.
func (r *request) answer(ctx context.Context, id string) (res *client.Result, ok bool, err error) {
	switch id {
	case "":
		return nil, false, nil
	case subrequests.RequestSubrequestsDescribe:
		res, err := describe()
		return res, true, err
	case lintreq.RequestLint:
		res, err := r.check().ToResult(nil)
		return res, true, err
	}
	if r.err != nil {
		return nil, true, r.err
	}
	if id == ejectRequest.Name {
		res, err := r.ejectResult()
		return res, true, err
	}
	return r.bc.HandleSubrequest(ctx, dockerui.RequestHandler{
		ListTargets: func(context.Context) (*targets.List, error) {
			return listTargets(r.s, r.p, r.src.SourceMap), nil
		},
		Outline: func(context.Context) (*outline.Outline, error) {
			return outlineOf(r.s, r.p, r.bc.Target, r.bc.BuildArgs, r.src.SourceMap)
		},
	})
}

// describe lists the subrequests this frontend answers (dockerui's own list lacks lint and ours).
func describe() (*client.Result, error) {
	all := []subrequests.Request{outline.SubrequestsOutlineDefinition, targets.SubrequestsTargetsDefinition,
		checkRequest, ejectRequest, subrequests.SubrequestsDescribeDefinition}
	dt, err := json.MarshalIndent(all, "", "  ")
	if err != nil {
		return nil, err
	}
	var txt bytes.Buffer
	if err := subrequests.PrintDescribe(dt, &txt); err != nil {
		return nil, err
	}
	res := client.NewResult()
	res.AddMeta("result.json", dt)
	res.AddMeta("result.txt", txt.Bytes())
	res.AddMeta("version", []byte(subrequests.SubrequestsDescribeDefinition.Version))
	return res, nil
}

// ejectResult is the Dockerfile as text, and with its file name as JSON.
func (r *request) ejectResult() (*client.Result, error) {
	dt, err := eject.Dockerfile(r.p, eject.Options{Source: r.src.Filename})
	if err != nil {
		return nil, err
	}
	js, err := json.MarshalIndent(struct {
		Filename   string `json:"filename"`
		Dockerfile string `json:"dockerfile"`
	}{eject.FileName, string(dt)}, "", "  ")
	if err != nil {
		return nil, err
	}
	res := client.NewResult()
	res.AddMeta("result.json", js)
	res.AddMeta("result.txt", dt)
	res.AddMeta("version", []byte(ejectRequest.Version))
	return res, nil
}
