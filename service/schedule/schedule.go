// Package schedule reads the server's named schedules (a cron expression,
// a time zone, a project or a template with its data, an output path) and
// says when each fires next.
package schedule

// Spec is one named schedule as the settings write it.
type Spec struct {
	Name     string `mapstructure:"name" json:"name"`
	Cron     string `mapstructure:"cron" json:"cron"`           // five fields (minute first), six with seconds, or @every 1m, @hourly…
	TimeZone string `mapstructure:"time_zone" json:"time_zone"` // IANA name (default UTC)
	Project  string `mapstructure:"project" json:"project,omitempty"`
	Template string `mapstructure:"template" json:"template,omitempty"` // a stored template's id or name
	Data     string `mapstructure:"data" json:"data,omitempty"`         // rows for the template (CSV, JSON, JSONL)
	Output   string `mapstructure:"output" json:"output,omitempty"`     // output path template: {{ name }}, {{ date }}, {{ time }}
}
