// Package source makes a scene's clip a local file: it downloads URL
// sources and runs generators (a command, ComfyUI, Replicate) for prompt
// scenes, through the source cache. Placeholder cards are no source file:
// they are drawn inside the render graph (pipeline/card).
package source
