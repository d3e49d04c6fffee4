package schedule

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestParseErrors(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"bare TZ panics robfig", "schedules:\n  news:\n    cron: TZ=0\n    project: a.yaml\n", "write the time zone under time_zone"},
		{"CRON_TZ prefix", "schedules:\n  news:\n    cron: CRON_TZ=UTC 0 6 * * *\n    project: a.yaml\n", "time_zone"},
		{"too few fields", "schedules:\n  news:\n    cron: \"* * *\"\n    project: a.yaml\n", `cron "* * *"`},
		{"minute out of range", "schedules:\n  news:\n    cron: \"60 * * * *\"\n    project: a.yaml\n", "cron \"60 * * * *\""},
		{"bad descriptor", "schedules:\n  news:\n    cron: \"@every\"\n    project: a.yaml\n", "cron \"@every\""},
		{"every zero", "schedules:\n  news:\n    cron: \"@every 0s\"\n    project: a.yaml\n", "at least 1s"},
		{"every negative", "schedules:\n  news:\n    cron: \"@every -5m\"\n    project: a.yaml\n", "at least 1s"},
		{"every fraction", "schedules:\n  news:\n    cron: \"@every 1500ms\"\n    project: a.yaml\n", "whole number of seconds"},
		{"never fires", "schedules:\n  news:\n    cron: \"0 0 30 2 *\"\n    project: a.yaml\n", "never fires"},
		{"empty cron", "schedules:\n  news:\n    project: a.yaml\n", "missing cron expression"},
		{"bad zone", "schedules:\n  news:\n    cron: \"0 6 * * *\"\n    time_zone: Mars/Olympus\n    project: a.yaml\n", `time_zone "Mars/Olympus"`},
		{"neither", "schedules:\n  news:\n    cron: \"0 6 * * *\"\n", "name a project"},
		{"both", "schedules:\n  news:\n    cron: \"0 6 * * *\"\n    project: a.yaml\n    template: t\n", "not both"},
		{"unknown key", "schedules:\n  news:\n    crn: \"0 6 * * *\"\n    project: a.yaml\n", `did you mean "cron"`},
		{"bad name", "schedules:\n  \"new s\":\n    cron: \"0 6 * * *\"\n    project: a.yaml\n", "schedule name"},
		{"escaping output", "schedules:\n  news:\n    cron: \"0 6 * * *\"\n    project: a.yaml\n    output: ../x.mp4\n", "relative path"},
		{"absolute output", "schedules:\n  news:\n    cron: \"0 6 * * *\"\n    project: a.yaml\n    output: /tmp/x.mp4\n", "relative path"},
		{"unknown placeholder", "schedules:\n  news:\n    cron: \"0 6 * * *\"\n    project: a.yaml\n    output: \"{{ id }}.mp4\"\n", "unknown placeholder"},
		{"output with data", "schedules:\n  news:\n    cron: \"0 6 * * *\"\n    template: t\n    data: rows.csv\n    output: x.mp4\n", "comes from the template"},
		{"not a mapping", "schedules: [a, b]\n", "expected a mapping"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse([]byte(c.yaml), "settings.yaml")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want an error with %q, got %v", c.want, err)
			}
			if !strings.Contains(err.Error(), "settings.yaml:") {
				t.Fatalf("error names no file and line: %v", err)
			}
			if c.name != "not a mapping" && !strings.Contains(err.Error(), "schedules.") {
				t.Fatalf("error names no schedule: %v", err)
			}
		})
	}
}

func TestParseGood(t *testing.T) {
	specs, err := Parse([]byte("ffmpeg: ffmpeg\nschedules:\n  news:\n    cron: \"0 6 * * 1-5\"\n    time_zone: Europe/Paris\n    project: news.yaml\n    output: \"{{ schedule }}/{{ date }}.mp4\"\n  promos:\n    cron: \"@every 1h\"\n    template: promo\n    data: rows.csv\n"), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) != 2 || specs[0].Name != "news" || specs[0].TimeZone != "Europe/Paris" || specs[1].Data != "rows.csv" || specs[0].Line != 3 {
		t.Fatalf("got %+v", specs)
	}
	if specs, err := Parse([]byte("ffmpeg: x\n"), "s.yaml"); err != nil || specs != nil {
		t.Fatalf("no schedules: got %v, %v", specs, err)
	}
}

func TestNextInTimeZone(t *testing.T) {
	s := Spec{Name: "n", Cron: "0 6 * * *", TimeZone: "Europe/Paris", Project: "a.yaml"}
	// Across the end of summer time (26 Oct 2025): 06:00 in Paris is 04:00
	// UTC before, 05:00 UTC after.
	from := time.Date(2025, 10, 25, 12, 0, 0, 0, time.UTC)
	got, err := Next(s, from, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Time{time.Date(2025, 10, 26, 5, 0, 0, 0, time.UTC), time.Date(2025, 10, 27, 5, 0, 0, 0, time.UTC)}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Fatalf("next[%d] = %v, want %v", i, got[i].UTC(), want[i])
		}
	}
	sec, err := Next(Spec{Cron: "*/2 * * * * *"}, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), 3)
	if err != nil || len(sec) != 3 || sec[2].Second() != 6 {
		t.Fatalf("six-field schedule: %v %v", sec, err)
	}
}

func TestExpand(t *testing.T) {
	tick := time.Date(2026, 12, 1, 23, 30, 5, 0, time.UTC)
	cases := []struct{ out, tz, want string }{
		{"{{ schedule }}/{{date}}.mp4", "", "news/2026-12-01.mp4"},
		{"news-{{ date }}-{{ time }}.mp4", "Asia/Tokyo", "news-2026-12-02-083005.mp4"},
		{"./a/../b.mp4", "", "b.mp4"},
	}
	for _, c := range cases {
		got, err := Expand(Spec{Name: "news", Output: c.out, TimeZone: c.tz}, tick)
		if err != nil || got != c.want {
			t.Errorf("Expand(%q) = %q, %v; want %q", c.out, got, err, c.want)
		}
	}
}

// TestRunFiresOncePerTick runs one every-second schedule on two "servers"
// sharing one claim store: each tick fires exactly once in all.
func TestRunFiresOncePerTick(t *testing.T) {
	var mu sync.Mutex
	claimed := map[string]bool{}
	fired := map[time.Time]int{}
	claim := func(_ context.Context, name string, tick time.Time) (bool, error) {
		mu.Lock()
		defer mu.Unlock()
		k := name + tick.UTC().Format(time.RFC3339Nano)
		if claimed[k] {
			return false, nil
		}
		claimed[k] = true
		return true, nil
	}
	fire := func(_ context.Context, s Spec, tick time.Time) error {
		mu.Lock()
		defer mu.Unlock()
		fired[tick]++
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3500*time.Millisecond)
	defer cancel()
	spec := []Spec{{Name: "tick", Cron: "* * * * * *", Project: "a.yaml"}}
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() { defer wg.Done(); Run(ctx, spec, claim, fire, nil) }()
	}
	wg.Wait()
	if len(fired) < 2 {
		t.Fatalf("fired %d ticks in 3.5 s, want at least 2", len(fired))
	}
	for tick, n := range fired {
		if n != 1 {
			t.Errorf("tick %v fired %d times", tick, n)
		}
		if tick.Nanosecond() != 0 {
			t.Errorf("tick %v is not a planned second", tick)
		}
	}
}

// TestParseErrorLines: a problem of one key is reported at that key's
// line, a problem of the schedule as a whole at its name.
func TestParseErrorLines(t *testing.T) {
	_, err := Parse([]byte("schedules:\n  news:\n    time_zone: Nowhere/Land\n    cron: \"61 * * * *\"\n  other:\n    cron: \"@daily\"\n"), "s.yaml")
	for _, want := range []string{"s.yaml:3: schedules.news.time_zone:", "s.yaml:4: schedules.news.cron:", "s.yaml:5: schedules.other: name a project"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want %q in %v", want, err)
		}
	}
}
