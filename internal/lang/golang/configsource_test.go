package golang

import "testing"

// monitorTree is a metrics server released with promu, in the shape of the Prometheus
// projects: its program in cmd/monitor, kingpin's --config.file defaulting to monitor.yml,
// which the repository keeps as documentation/examples/monitor.yml; it exits at start when the
// file is missing.
func monitorTree() map[string]string {
	return map[string]string{
		"go.mod": "module example.com/monitor\n\ngo 1.26\n\nrequire github.com/alecthomas/kingpin/v2 v2.4.0\n",
		"cmd/monitor/main.go": "package main\n\nimport (\n\t\"net/http\"\n\t\"os\"\n\n\t\"github.com/alecthomas/kingpin/v2\"\n)\n\n" +
			"func main() {\n\ta := kingpin.New(\"monitor\", \"A monitoring server.\")\n" +
			"\tvar configFile string\n\ta.Flag(\"config.file\", \"Monitor configuration file path.\").Default(\"monitor.yml\").StringVar(&configFile)\n" +
			"\tkingpin.MustParse(a.Parse(os.Args[1:]))\n\tif _, err := os.ReadFile(configFile); err != nil {\n\t\tos.Exit(2)\n\t}\n" +
			"\t_ = http.ListenAndServe(\":9090\", nil)\n}\n",
		"documentation/examples/monitor.yml":       "global:\n  scrape_interval: 15s\n",
		"documentation/examples/monitor-agent.yml": "global: {}\n",
		"VERSION": "1.4.0\n",
	}
}

// TestConfigShippedFromAnotherPath: the configuration flag's default is not in the context at
// its path, but the project's release ships it under that name: .promu.yml's tarball.files puts
// documentation/examples/monitor.yml at the tarball's top beside the program, so the image has
// it in its working directory as monitor.yml (prometheus' and alertmanager's shape, whose images
// had the binary alone and exited at start). Its Dockerfile's copy to a path ending in the name
// says the same without promu; neither, or a copy under another name, copies nothing.
func TestConfigShippedFromAnotherPath(t *testing.T) {
	const spec = "language: go\nports: [9090]\n"
	promu := "repository:\n    path: example.com/monitor\nbuild:\n    binaries:\n        - name: monitor\n          path: ./cmd/monitor\n" +
		"tarball:\n    files:\n        - documentation/examples/monitor.yml\n        - LICENSE\n"
	tree := monitorTree()
	tree[".promu.yml"] = promu
	checkCopies(t, gathered(t, spec, tree).Stage("runtime"),
		"documentation/examples/monitor.yml -> /app/monitor.yml documentation/examples/monitor.yml (cmd/monitor/main.go:13 the default of -config.file, as .promu.yml tarball.files ships it) ")

	dockerfile := "FROM busybox\nCOPY .build/linux-amd64/monitor /bin/monitor\nCOPY documentation/examples/monitor.yml /etc/monitor/monitor.yml\n" +
		"WORKDIR /monitor\nENTRYPOINT [\"/bin/monitor\"]\nCMD [\"--config.file=/etc/monitor/monitor.yml\"]\n"
	tree = monitorTree()
	tree["Dockerfile"] = dockerfile
	checkCopies(t, skeletonGathered(t, spec, tree).Stage("runtime"),
		"documentation/examples/monitor.yml -> /app/monitor.yml documentation/examples/monitor.yml (cmd/monitor/main.go:13 the default of -config.file, as Dockerfile:3 COPY to /etc/monitor/monitor.yml ships it) ")

	// the file at the default's path wins; the user's files too
	tree = monitorTree()
	tree[".promu.yml"] = promu
	tree["monitor.yml"] = "global: {}\n"
	checkCopies(t, gathered(t, spec, tree).Stage("runtime"),
		"monitor.yml -> /app/monitor.yml monitor.yml (cmd/monitor/main.go:13 the default of -config.file) ")
	delete(tree, "monitor.yml")
	checkCopies(t, gathered(t, spec+"files: [{src: documentation/examples/monitor-agent.yml, dest: monitor.yml}]\n", tree).Stage("runtime"),
		"documentation/examples/monitor-agent.yml -> /app/monitor.yml  ")

	for name, extra := range map[string]map[string]string{
		"neither":                           {},
		"a tarball file of another name":    {".promu.yml": "tarball:\n    files:\n        - documentation/examples/monitor-agent.yml\n"},
		"a copy under another name":         {"Dockerfile": "FROM busybox\nCOPY documentation/examples/monitor.yml /etc/monitor/config.yml\n"},
		"a tarball file not in the context": {".promu.yml": "tarball:\n    files:\n        - examples/monitor.yml\n"},
	} {
		tree := monitorTree()
		for k, v := range extra {
			tree[k] = v
		}
		p := skeletonGathered(t, spec, tree)
		t.Run(name, func(t *testing.T) { checkCopies(t, p.Stage("runtime")) })
	}
}
