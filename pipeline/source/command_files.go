package source

import "github.com/reel-film/reel/config"

// commandFiles returns the existing local files a command reads by name,
// keyed by the place that names them (config.CommandFiles, with the
// placeholders filled in for req). Their content is part of the clip's key,
// so that changing a still, a mask or the script itself makes the clip
// again.
func commandFiles(g *config.Generator, req Request) map[string]string {
	out := map[string]string{}
	for _, af := range CommandInputs(g, req) {
		out[af.Where] = af.Path
	}
	return out
}

// CommandInputs lists the existing local files the command of g reads by
// name for req: config.CommandFiles of its arguments with the placeholders
// filled in ("stills/{seed}.png" names stills/7.png for seed 7).
func CommandInputs(g *config.Generator, req Request) []config.ArgFile {
	f := fields(req, "")
	run := make([]string, len(g.Run))
	for i, a := range g.Run {
		run[i] = Expand(a, f)
	}
	return config.CommandFiles(g.Dir, run)
}
