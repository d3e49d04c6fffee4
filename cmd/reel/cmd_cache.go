package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/cache"
)

func newCacheCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "cache",
		Short: "Inspect and trim the job cache",
		Long: `Every finished job of a render is kept in the cache under its content key (a
hash of its ffmpeg arguments, the content of what it reads, the FFmpeg version
and reel's job format), so an unchanged job never runs again: re-renders redo
only what changed, and an interrupted render resumes where it stopped.

The cache is .reel-cache beside the project file, or the cache_dir setting
(--cache-dir, REEL_CACHE_DIR). Name a project file or a cache directory; with
neither, ./.reel-cache is used.`,
		Args: args(cobra.NoArgs),
	}
	cmd.AddCommand(newCacheStatsCmd(), newCachePruneCmd())
	return cmd
}

func newCacheStatsCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "stats [PROJECT|DIR]",
		Short:   "Show how many entries the cache holds and their size",
		Example: "  reel cache stats film.yaml\n  reel cache stats --json",
		Args:    args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			root, err := cacheRoot(cmd, a)
			if err != nil {
				return err
			}
			st, err := cache.Summary(root)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(cmd, st)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %d entries, %s\n", st.Dir, st.Entries, humanBytes(st.Bytes))
			if st.Entries > 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "least recently used %s, most recently %s\n",
					st.Oldest.Format("2006-01-02 15:04"), st.Newest.Format("2006-01-02 15:04"))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newCachePruneCmd() *cobra.Command {
	var maxSize string
	cmd := &cobra.Command{
		Use:   "prune [PROJECT|DIR] --max-size SIZE",
		Short: "Remove the least recently used entries down to a size",
		Long: `Remove cache entries, least recently used first, until the cache holds at
most --max-size (e.g. 10GB, 500MB, 0 to empty it). An entry counts as used
when a render writes or reuses it.`,
		Example: "  reel cache prune --max-size 10GB\n  reel cache prune film.yaml --max-size 0",
		Args:    args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			limit, err := parseSize(maxSize)
			if err != nil {
				return usage(fmt.Errorf("--max-size: %w", err))
			}
			root, err := cacheRoot(cmd, a)
			if err != nil {
				return err
			}
			removed, err := cache.Prune(root, limit)
			var freed int64
			for _, e := range removed {
				freed += e.Size
			}
			fmt.Fprintf(cmd.OutOrStdout(), "removed %d entries, %s\n", len(removed), humanBytes(freed))
			return err
		},
	}
	cmd.Flags().StringVar(&maxSize, "max-size", "", "the size to trim to (required): 10GB, 500MB, 0")
	_ = cmd.MarkFlagRequired("max-size")
	return cmd
}

// cacheRoot finds the cache: the setting, a directory argument, the
// project's .reel-cache, or ./.reel-cache.
func cacheRoot(cmd *cobra.Command, a []string) (string, error) {
	s, err := loadSettings(cmd)
	if err != nil {
		return "", err
	}
	if s.CacheDir != "" {
		return pipeline.CacheRoot("", s.CacheDir), nil
	}
	target := "."
	if len(a) == 1 {
		target = a[0]
	}
	fi, err := os.Stat(target)
	if err != nil {
		return "", usage(fmt.Errorf("%s: %w", target, err))
	}
	if !fi.IsDir() {
		target = filepath.Dir(target)
	} else if filepath.Base(target) == ".reel-cache" {
		return filepath.Abs(target)
	}
	return pipeline.CacheRoot(target, ""), nil
}

// parseSize reads sizes like 10GB, 1.5G, 500MB, 800k or a plain byte count.
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"TB", 1 << 40}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"T", 1 << 40}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.m
			break
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("%q is not a size (write e.g. 10GB, 500MB or 0)", s)
	}
	return int64(f * float64(mult)), nil
}

// humanBytes formats a byte count for people.
func humanBytes(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
