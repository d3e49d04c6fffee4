package source

import "github.com/reel-film/reel/config"

// commandFiles returns the existing local files a command reads by name,
// keyed by the place that names them (config.CommandFiles, with the
// placeholders filled in for req). Their content is part of the clip's key,
// so that changing a still, a mask or the script itself makes the clip
// again.
func commandFiles(g *config.Generator, req Request) map[string]string {
	f := fields(req, "")
	run := make([]string, len(g.Run))
	for i, a := range g.Run {
		run[i] = Expand(a, f)
	}
	out := map[string]string{}
	for _, af := range config.CommandFiles(g.Dir, run) {
		out[af.Where] = af.Path
	}
	return out
}
