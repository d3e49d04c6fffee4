package plan

import "github.com/reel-film/reel/config"

// renditionMuxer chooses the muxer of a derived rendition (a temporary name
// has no extension to go by): a GIF loops forever; the others as any
// rendition (containerArgs).
func renditionMuxer(o config.Output) []string {
	if o.Container == "gif" {
		return []string{"-loop", "0", "-f", "gif"}
	}
	return containerArgs(container(o))
}
