package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// The fresh-runner row is CI's usual case: a short-lived runner that brings back only the
// registry cache of the build before (`--export-cache type=registry,mode=max`), never the
// builder's cache mounts. Each variant exports its cache after its cold build; after the
// one-line change, a new buildkitd that has nothing else imports it and builds.

// cacheRef is where a variant's registry cache of a round goes.
func (r *runner) cacheRef(ex Example, v variant, round int) string {
	return fmt.Sprintf("%s/msf-bench-cache/%s-%s:%d-%d", r.cfg.Registry, ex.Name, slug(variantName[v]), round+1, r.started.UnixNano())
}

// exportCaches builds each variant again on its warm daemon (untimed) and exports its registry
// cache, intermediate stages included. Like a CI build it also imports the cache (none is there
// yet): the frontend builds its recipes of compiled dependencies only for a build that imports
// a cache, so this build runs them (graph.Options.Recipes).
func (r *runner) exportCaches(ctx context.Context, ds [2]*daemon, ex Example, dirs [2]string, round int) ([2]string, error) {
	var refs [2]string
	for v := range refs {
		refs[v] = r.cacheRef(ex, variant(v), round)
		if _, _, err := r.build(ctx, ds[v], variant(v), ex, dirs[v], "export cache", "--import-cache", "type=registry,ref="+refs[v]+",registry.insecure=true",
			"--export-cache", "type=registry,ref="+refs[v]+",mode=max,registry.insecure=true"); err != nil {
			return refs, err
		}
	}
	return refs, nil
}

// remoteDelay is the wait the Maven mirror adds to every request for the FreshRemote row: a
// model of Maven Central (a CDN) from a CI runner in a cloud region, where a small file costs
// a round trip and the CDN's time to first byte, typically 10 to 40 ms over a kept-alive HTTPS
// connection, and its transfer next to nothing. Maven fetches a file and its .sha1 one after
// the other, and resolves a project's POMs one at a time, so the wait adds up per request. The
// zero-latency Fresh row stays the one that counts (a company mirror on the runner's network).
const remoteDelay = 20 * time.Millisecond

// fresh times the build of the changed tree on two new buildkitds that import only their
// variant's registry cache, and counts the dependency work each build did. With the Maven
// mirror, it times the same builds again on two more new buildkitds, the mirror answering
// each request after remoteDelay (FreshRemote).
func (r *runner) fresh(ctx context.Context, er *ExampleResult, ex Example, dirs [2]string, refs [2]string, turn int) error {
	if err := r.freshPair(ctx, er, Fresh, ex, dirs, refs, turn); err != nil {
		return err
	}
	if r.maven == nil || !ex.Maven {
		return nil
	}
	r.maven.SetDelay(remoteDelay)
	defer r.maven.SetDelay(0)
	return r.freshPair(ctx, er, FreshRemote, ex, dirs, refs, turn+1)
}

// freshPair times one row of fresh-runner builds, each variant on a new buildkitd; for the Fresh
// row it counts the dependency work too.
func (r *runner) freshPair(ctx context.Context, er *ExampleResult, row Row, ex Example, dirs [2]string, refs [2]string, turn int) error {
	ds, stop, err := r.daemons(ctx)
	if err != nil {
		return err
	}
	defer stop()
	order := [2]variant{ours, hand}
	if turn%2 == 1 {
		order = [2]variant{hand, ours}
	}
	var took [2]time.Duration
	for _, v := range order {
		mark := r.mirrorMark()
		d, tl, err := r.build(ctx, ds[v], v, ex, dirs[v], string(row), "--import-cache", "type=registry,ref="+refs[v]+",registry.insecure=true")
		if err != nil {
			return err
		}
		took[v] = d
		er.add(row, v, d)
		if row != Fresh {
			er.count(FreshRequests, v, len(r.maven.Asked(mark)))
			continue
		}
		w := ex.work(dirs[v], tl)
		w.Downloads += r.mirrorDownloads(mark)
		er.count(FreshDownloads, v, w.Downloads)
		if ex.Lang == "go" || ex.Lang == "rust" { // the compilers that name what they compile
			er.count(FreshCompiles, v, w.Compiles)
		}
	}
	r.logPair(ex, row, took)
	return nil
}

// mirrorMark and mirrorDownloads count the artifacts (jars, poms) fetched from the Maven mirror.
func (r *runner) mirrorMark() int {
	if r.maven == nil {
		return 0
	}
	return r.maven.Mark()
}

func (r *runner) mirrorDownloads(mark int) int {
	if r.maven == nil {
		return 0
	}
	n := 0
	for _, p := range r.maven.Asked(mark) {
		if strings.HasSuffix(p, ".jar") || strings.HasSuffix(p, ".pom") {
			n++
		}
	}
	return n
}

// registryCacheSize is the size of the blobs a registry cache references: the layers (and the
// cache config) its index or manifest lists, as they are stored.
func registryCacheSize(ctx context.Context, ref string) (int64, error) {
	host, rest, _ := strings.Cut(ref, "/")
	repo, tag, _ := strings.Cut(rest, ":")
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+host+"/v2/"+repo+"/manifests/"+tag, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept", "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "+
		"application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("registry cache %s: %s", ref, resp.Status)
	}
	type desc struct {
		Size int64 `json:"size"`
	}
	var m struct {
		Manifests []desc `json:"manifests"` // an index: the blobs themselves
		Layers    []desc `json:"layers"`    // an image manifest (image-manifest=true)
		Config    *desc  `json:"config"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		return 0, fmt.Errorf("registry cache %s: %w", ref, err)
	}
	var n int64
	for _, d := range append(m.Manifests, m.Layers...) {
		n += d.Size
	}
	if m.Config != nil {
		n += m.Config.Size
	}
	return n, nil
}
