package plan

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/reel-film/reel/pipeline/text"
)

// card writes the text of placeholder scene s (its id when it has none),
// frames long, as an ASS script the scene's job receives as a file, and
// returns the reference to the script. Layout problems become warnings naming the
// scene.
func (b *builder) card(in *inputs, s scene, frames int64) string {
	txt := s.cfg.Placeholder.Text
	if txt == "" {
		txt = s.cfg.ID
	}
	length := time.Duration(b.tl.Seconds(frames) * float64(time.Second))
	if b.text != nil && b.text.Problem != "" && !b.fontsWarned {
		b.fontsWarned = true
		b.warnings = append(b.warnings, "cannot check that the cards' characters can be drawn: "+b.text.Problem)
	}
	script, warns := text.Card(txt, b.text, b.target.Width, b.target.Height, length)
	for _, w := range warns {
		b.warnings = append(b.warnings, s.cfg.Placeholder.Pos.Errorf("scene %s: %s", s.cfg.ID, w).Error())
	}
	path := filepath.Join(b.workDir, fmt.Sprintf("s%02d-%s-card.ass", s.cfg.Index+1, safeName(s.cfg.ID)))
	return in.write(File{Path: path, Content: script})
}
