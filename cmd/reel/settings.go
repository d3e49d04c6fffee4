package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/reel-film/reel/config"
	"github.com/reel-film/reel/internal/quote"
	"github.com/reel-film/reel/internal/suggest"
	"github.com/reel-film/reel/service/schedule"
)

// settings are the tool's own settings (not the project's).
type settings struct {
	FFmpeg   string
	FFprobe  string
	Jobs     int
	WorkDir  string
	LogLevel string
	CacheDir string
	// SignKey and SignCert sign the Content Credentials of MP4 and MOV
	// outputs (reel render and reel batch; see docs/provenance.md).
	SignKey, SignCert string
	// Schedules are the settings file's named schedules (reel serve runs
	// them; other commands ignore them).
	Schedules []schedule.Spec
}

// settingKeys are the known keys, with their flag names and help.
var settingKeys = []struct{ key, flag, help string }{
	{"ffmpeg", "ffmpeg", "ffmpeg binary (REEL_FFMPEG)"},
	{"ffprobe", "ffprobe", "ffprobe binary (REEL_FFPROBE)"},
	{"jobs", "jobs", "ffmpeg jobs at once (REEL_JOBS; default: the number of cores)"},
	{"work_dir", "work-dir", "where renders keep their temporary segments (REEL_WORK_DIR; default: the system temp dir)"},
	{"log_level", "log-level", "debug | info | warn | error (REEL_LOG_LEVEL)"},
	{"cache_dir", "cache-dir", "where finished jobs are kept for reuse (REEL_CACHE_DIR; default: .reel-cache beside the project)"},
	{"sign_key", "sign-key", "PEM private key that signs the Content Credentials (C2PA) of MP4 and MOV outputs (REEL_SIGN_KEY; with sign_cert)"},
	{"sign_cert", "sign-cert", "PEM certificate chain of the signing key, its own certificate first (REEL_SIGN_CERT; with sign_key)"},
}

// addSignFlags declares --sign-key and --sign-cert on a command that
// renders (render, batch).
func addSignFlags(cmd *cobra.Command) {
	cmd.Flags().String("sign-key", "", settingKeys[6].help)
	cmd.Flags().String("sign-cert", "", settingKeys[7].help)
}

// addSettingsFlags declares the persistent flags behind the settings.
func addSettingsFlags(root *cobra.Command) {
	f := root.PersistentFlags()
	f.String("settings", "", "settings file (YAML; default ~/.config/reel/settings.yaml when it exists)")
	f.String("ffmpeg", "ffmpeg", settingKeys[0].help)
	f.String("ffprobe", "ffprobe", settingKeys[1].help)
	jobs := wholeFlag(strconv.Itoa(min(runtime.NumCPU(), maxJobs)))
	f.VarP(&jobs, "jobs", "j", settingKeys[2].help)
	f.String("work-dir", os.TempDir(), settingKeys[3].help)
	f.String("log-level", "warn", settingKeys[4].help)
	f.String("cache-dir", "", settingKeys[5].help)
}

// loadSettings resolves flags > REEL_* environment > settings file > defaults.
func loadSettings(cmd *cobra.Command) (settings, error) {
	v := viper.New()
	v.SetEnvPrefix("REEL")
	v.AutomaticEnv()
	for _, k := range settingKeys {
		f := cmd.Flags().Lookup(k.flag)
		if f == nil { // a flag of other commands (--sign-key): the file and the environment still set it
			continue
		}
		if err := v.BindPFlag(k.key, f); err != nil {
			return settings{}, err
		}
	}
	if err := readSettingsFile(v, cmd); err != nil {
		return settings{}, usage(err)
	}
	scheds, err := readSchedules(v)
	if err != nil {
		return settings{}, usage(err)
	}
	s := settings{FFmpeg: v.GetString("ffmpeg"), FFprobe: v.GetString("ffprobe"),
		WorkDir: v.GetString("work_dir"), LogLevel: v.GetString("log_level"), CacheDir: v.GetString("cache_dir"),
		SignKey: v.GetString("sign_key"), SignCert: v.GetString("sign_cert"), Schedules: scheds}
	jobs, err := wholeSetting(v, cmd, "jobs", 1, maxJobs)
	if err != nil {
		return s, usage(err)
	}
	s.Jobs = jobs
	switch s.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return s, usage(fmt.Errorf("%s: use debug, info, warn or error", settingSource(v, cmd, "log_level")))
	}
	return s, nil
}

// maxJobs bounds --jobs: more FFmpeg processes at once than this only
// thrash any machine.
const maxJobs = 256

// wholeSetting reads a whole-number setting in [lo, hi]. viper reads "abc"
// as 0, so the text is parsed here, and a bad value is reported with where
// it came from (flag, variable or settings file) and as written.
func wholeSetting(v *viper.Viper, cmd *cobra.Command, key string, lo, hi int) (int, error) {
	raw := strings.TrimSpace(fmt.Sprint(v.Get(key)))
	n, err := strconv.Atoi(raw)
	if err != nil {
		return 0, fmt.Errorf("%s: %s must be a whole number from %d to %d", settingSource(v, cmd, key), strings.ReplaceAll(key, "_", " "), lo, hi)
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("%s: %s must be from %d to %d", settingSource(v, cmd, key), strings.ReplaceAll(key, "_", " "), lo, hi)
	}
	return n, nil
}

// wholeFlag is a whole-number flag kept as written: pflag's own integer
// flags refuse `--jobs 1.5` with strconv's words before reel can say what
// it expects, so the text is checked with the other sources of the setting
// (wholeSetting).
type wholeFlag string

func (w *wholeFlag) String() string     { return string(*w) }
func (w *wholeFlag) Set(s string) error { *w = wholeFlag(s); return nil }
func (w *wholeFlag) Type() string       { return "number" }

// settingSource says where a setting's value came from, with the value:
// `--jobs 0`, `REEL_JOBS="abc"` or `jobs: "abc" in settings.yaml`.
func settingSource(v *viper.Viper, cmd *cobra.Command, key string) string {
	val := quote.Q(fmt.Sprint(v.Get(key)))
	for _, k := range settingKeys {
		if k.key != key {
			continue
		}
		if f := cmd.Flags().Lookup(k.flag); f != nil && f.Changed {
			return "--" + k.flag + " " + quote.Short(f.Value.String(), quote.MaxValue)
		}
	}
	env := "REEL_" + strings.ToUpper(key)
	if _, ok := os.LookupEnv(env); ok {
		return env + "=" + val
	}
	if v.InConfig(key) {
		return fmt.Sprintf("%s: %s in %s", key, val, v.ConfigFileUsed())
	}
	return key + " " + val
}

// readSettingsFile reads --settings, or the default file when it exists, and
// rejects unknown keys.
func readSettingsFile(v *viper.Viper, cmd *cobra.Command) error {
	path, _ := cmd.Flags().GetString("settings")
	explicit := path != ""
	if !explicit {
		dir, err := os.UserConfigDir()
		if err != nil {
			return nil
		}
		path = filepath.Join(dir, "reel", "settings.yaml")
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil
		}
	}
	v.SetConfigFile(path)
	if err := v.ReadInConfig(); err != nil {
		return fmt.Errorf("settings file %s: %w", path, err)
	}
	known := make([]string, len(settingKeys))
	for i, k := range settingKeys {
		known[i] = k.key
	}
	var bad []string
	for _, k := range v.AllKeys() {
		if !contains(known, k) && k != "schedules" && !strings.HasPrefix(k, "schedules.") {
			bad = append(bad, fmt.Sprintf("%s: unknown key %s%s", path, quote.Q(k), suggest.Hint(k, known)))
		}
	}
	sort.Strings(bad)
	if n := len(bad); n > config.MaxShown {
		bad = append(bad[:config.MaxShown], fmt.Sprintf("and %d more unknown keys", n-config.MaxShown))
	}
	if len(bad) > 0 {
		return errors.New(strings.Join(bad, "\n"))
	}
	return nil
}

// readSchedules reads the schedules of the settings file in use (none
// without one), strictly and with their lines: viper folds the case of
// keys, and a schedule's name is the user's.
func readSchedules(v *viper.Viper) ([]schedule.Spec, error) {
	path := v.ConfigFileUsed()
	if path == "" || !v.IsSet("schedules") {
		return nil, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("settings file %s: %w", path, err)
	}
	return schedule.Parse(data, path)
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
