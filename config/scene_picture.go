package config

// scenePicture decodes the keys that change a scene's picture: motion,
// speed, freeze and background, and checks that the scene has what they
// apply to (a clip for speed and freeze: stills are told apart only once
// probed, by the plan).
func (d *decoder) scenePicture(m fields, s *Scene) {
	if v, ok := m["motion"]; ok {
		s.Motion = d.motion(v)
	}
	if v, ok := m["speed"]; ok {
		s.Speed = d.speed(v)
		s.SpeedPos = d.pos(v.val, v.path)
	}
	if v, ok := m["freeze"]; ok {
		s.Freeze = d.freeze(v)
	}
	if v, ok := m["background"]; ok {
		s.Background = d.background(v)
	}
	d.sceneBackground(m, s)
	_, hasPh := m["placeholder"]
	for _, k := range []string{"speed", "freeze", "trim", "deinterlace"} {
		v, ok := m[k]
		switch {
		case !ok:
		case hasPh && (k == "speed" || k == "freeze"): // sceneRules reports the others
			d.errorf(v.key, v.path, "%s applies to a clip, not to a placeholder", k)
		case s.IsCard():
			d.errorf(v.key, v.path, "%s applies to a clip, not to a card", k)
		}
	}
}
