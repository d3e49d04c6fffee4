package exec

import "github.com/reel-film/reel/pipeline/plan"

// Sharing is how the jobs of a batch's plans overlap (reel plan --data).
type Sharing struct {
	Jobs   int   `json:"jobs"`   // distinct jobs (identical keys once)
	Shared int   `json:"shared"` // distinct jobs every variant has
	Unique []int `json:"unique"` // by variant: its jobs no other variant has
}

// Share counts the jobs of plans (keyed: ApplyCache) that are identical:
// jobs of one key are one job, jobs without a key (a plan not cached) are
// each distinct and their plan's own. Shared counts the keys every plan
// has, when there are several plans (one plan shares nothing); Unique, by
// plan, its keys no other plan has and its jobs without a key.
func Share(plans []*plan.Plan) Sharing {
	s := Sharing{Unique: make([]int, len(plans))}
	holders := map[string][]int{} // by key: the plans having it, each once, in order
	for i, p := range plans {
		if p == nil {
			continue
		}
		for _, j := range p.Jobs {
			if j.Key == "" {
				s.Jobs++
				s.Unique[i]++
				continue
			}
			if h := holders[j.Key]; len(h) == 0 || h[len(h)-1] != i {
				holders[j.Key] = append(h, i)
			}
		}
	}
	for _, h := range holders {
		s.Jobs++
		switch {
		case len(h) == 1:
			s.Unique[h[0]]++
		case len(h) == len(plans):
			s.Shared++
		}
	}
	return s
}
