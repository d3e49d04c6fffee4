package text

import "testing"

func BenchmarkCard(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Card("Scene 12: a lighthouse in a storm, a slow dolly in over the waves", nil, 1280, 720, 1e9)
	}
}
