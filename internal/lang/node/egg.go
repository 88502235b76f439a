package node

// eggConfig is the configuration every Egg.js application loads (config/config.default.js);
// a TypeScript application has it as config.default.ts, which its tsc compiles beside it.
const eggConfig = "config/config.default"

// eggScripts are the packages of Egg.js's production starter, with the bin node runs: egg-scripts
// (Egg 2 and 3) and @eggjs/scripts (Egg 4), both also named eggctl.
var eggScripts = []struct{ dep, bin string }{{"egg-scripts", "egg-scripts"}, {"@eggjs/scripts", "egg-scripts"}}

// eggEntry: an Egg.js application starts with egg-scripts (`egg-scripts start --daemon`, the
// start script of Egg's templates and docs; `eggctl start`), which spawns Egg's cluster on the
// application in the working directory: app/, config/, app.js and agent.js, no file of its own
// for node to run (package.json's main, when set, is its boot hook app.js, which listens
// nowhere). A TypeScript application's tsc compiles them beside their sources (Egg's TypeScript
// docs: `npm run tsc`, then `npm start`; cnpmcore's Dockerfile), so the image holds the built
// tree and node runs egg-scripts' bin with `start` in the foreground: `--daemon` detaches the
// server and exits, which would end the container. egg-scripts passes PORT as the port (7001
// without it), and Egg's cluster listens on every interface. At start Egg writes its
// configuration's dump into run/ (a warning when it cannot): the runtime user's, as in
// cnpmcore's Dockerfile. The build must leave config/config.default.js when the source has
// only the TypeScript one (a tsc with an outDir would leave the tree uncompiled); the bin
// itself is not what to check: the tree of a package without a build has no node_modules.
func eggEntry(p pkg) (entry, bool) {
	if !p.m.Prod["egg"] {
		return entry{}, false
	}
	for _, s := range eggScripts {
		if !p.m.Prod[s.dep] {
			continue
		}
		bin, ok := serverBin(p, s.dep, s.bin)
		if !ok {
			return entry{}, false
		}
		e := entry{File: bin, Args: []string{"start"}, From: "Egg.js (egg-scripts start)", InSource: true,
			Ship: ship{Writable: []string{"run"}}}
		e.Check = []string{eggConfig + ".js"} // compiled from config.default.ts when it is TypeScript
		if !p.has(eggConfig+".ts") && !p.has(eggConfig+".js") {
			e.Check = []string{"package.json"} // the bin is in node_modules, which the tree the check runs on lacks without a build
		}
		return e, true
	}
	return entry{}, false
}
