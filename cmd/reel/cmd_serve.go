package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/reel-film/reel/internal/netguard"
	"github.com/reel-film/reel/pipeline"
	"github.com/reel-film/reel/pipeline/source"
	"github.com/reel-film/reel/service"
	"github.com/reel-film/reel/service/api"
	"github.com/reel-film/reel/service/bus"
	"github.com/reel-film/reel/service/webhook"
)

// serveFlags are the flags reel serve and reel worker share.
type serveFlags struct {
	data, media, natsURL, natsCreds, name string
	workers, jobSlots                     int
	allowPrivate, allowCommands           bool
	drain                                 time.Duration
	sharedDir                             string
}

func (f *serveFlags) add(cmd *cobra.Command, workers int) {
	fl := cmd.Flags()
	fl.StringVar(&f.data, "data", "reel-data", "the data directory: the embedded NATS store, outputs, uploads, the job cache")
	fl.StringVar(&f.media, "media-root", "", "where posted projects' relative paths resolve; they read nothing outside it (\"\": uploads only)")
	fl.StringVar(&f.natsURL, "nats", "", "an external NATS server or cluster (nats://host:4222) instead of the embedded one")
	fl.StringVar(&f.natsCreds, "nats-creds", "", "a NATS credentials file (or REEL_NATS_CREDS; a token: REEL_NATS_TOKEN)")
	fl.IntVar(&f.workers, "workers", workers, "renders this process runs at once (0: none)")
	fl.StringVar(&f.name, "name", "", "this process's worker name (default: host name and pid)")
	fl.BoolVar(&f.allowPrivate, "allow-private", false, "let URL sources, generators and webhooks reach private and loopback addresses")
	fl.BoolVar(&f.allowCommands, "allow-commands", false, "let projects run command generators (local programs)")
	fl.DurationVar(&f.drain, "drain-timeout", 10*time.Minute, "on SIGTERM, how long running renders may take to finish before they go back to the queue")
	fl.IntVar(&f.jobSlots, "job-slots", max(1, runtime.NumCPU()/2), "jobs of distributed films (this server's or another's) this process runs at once (0: none)")
	fl.StringVar(&f.sharedDir, "shared-dir", "", "a directory every machine mounts, for distributed films' media instead of NATS's object store")
}

// engine is the render engine of a serving process: the data directory's
// cache, and a network that refuses private addresses unless allowed.
func (f *serveFlags) engine(s settings) *pipeline.Engine {
	return pipeline.NewEngine(pipeline.Tools{FFmpeg: s.FFmpeg, FFprobe: s.FFprobe, Net: source.Deps{HTTP: netguard.Client(f.allowPrivate)}},
		pipeline.Cache{Dir: filepath.Join(f.data, "cache")})
}

func (f *serveFlags) check() error {
	if f.workers < 0 || f.workers > maxJobs {
		return usage(fmt.Errorf("--workers %d: use 0 to %d", f.workers, maxJobs))
	}
	if f.jobSlots < 0 || f.jobSlots > maxJobs {
		return usage(fmt.Errorf("--job-slots %d: use 0 to %d", f.jobSlots, maxJobs))
	}
	if f.sharedDir != "" {
		if fi, err := os.Stat(f.sharedDir); err != nil || !fi.IsDir() {
			return usage(fmt.Errorf("--shared-dir %s: not a directory", f.sharedDir))
		}
	}
	if f.media != "" {
		if fi, err := os.Stat(f.media); err != nil || !fi.IsDir() {
			return usage(fmt.Errorf("--media-root %s: not a directory", f.media))
		}
	}
	if err := os.MkdirAll(f.data, 0o755); err != nil {
		return usage(fmt.Errorf("--data %s: %w", f.data, err))
	}
	return nil
}

func newServeCmd() *cobra.Command {
	var f serveFlags
	var addr, natsListen, tokenFile, keep, secretFile, maxBody string
	var replicas int
	var distributeOver time.Duration
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the render service: an HTTP API, a queue on NATS JetStream, workers",
		Long: `Run reel as a service (docs/server.md): scripts and CI jobs post projects over
HTTP, workers render them, and webhooks say when they finish.

The queue and the renders' state live in NATS JetStream: embedded in this
process by default (its store in --data), or an external server or cluster
with --nats. --nats-listen lets workers in other processes or on other
machines (reel worker) reach the embedded one; beyond loopback it requires
REEL_NATS_TOKEN of every client (workers send the same variable).

A posted project reads only inside --media-root (or the media uploaded with
it): "..", absolute paths and symbolic links that leave it are refused with
403. Its outputs go to DATA/renders/ID. URL sources and webhooks may not
reach private or loopback addresses unless --allow-private.

The API binds to loopback by default. Any other address needs a bearer
token (REEL_TOKEN or --token-file), compared in constant time and never
logged. SIGTERM drains: no new render starts, running ones finish (or go
back to the queue after --drain-timeout, or at a second signal), then reel
exits 0.`,
		Example: `  reel serve --data ./reel-data --media-root ./media
  curl -X POST --data-binary @film.yaml -H 'Content-Type: application/yaml' localhost:8080/v1/renders
  REEL_TOKEN=$(cat token) REEL_NATS_TOKEN=$(cat nats-token) \
    reel serve --addr 0.0.0.0:8080 --media-root /srv/media --nats-listen 0.0.0.0:4222
  reel serve --nats nats://nats-1:4222 --nats-creds reel.creds --workers 0   # an API-only node`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, a []string) error {
			s, err := loadSettings(cmd)
			if err != nil {
				return err
			}
			if err := f.check(); err != nil {
				return err
			}
			token, err := readSecret(tokenFile, "REEL_TOKEN", "--token-file")
			if err != nil {
				return usage(err)
			}
			if !loopback(addr) && len(token) == 0 {
				return usage(fmt.Errorf("--addr %s is not a loopback address: set a bearer token (REEL_TOKEN or --token-file FILE) so that the API is not open to the network", addr))
			}
			if natsListen != "" && f.natsURL == "" && !loopback(natsListen) && os.Getenv("REEL_NATS_TOKEN") == "" {
				return usage(fmt.Errorf("--nats-listen %s is not a loopback address: set REEL_NATS_TOKEN so that the embedded NATS (the queue and the renders' state) is not open to the network; workers send the same REEL_NATS_TOKEN", natsListen))
			}
			if replicas < 1 || replicas > 5 {
				return usage(fmt.Errorf("--nats-replicas %d: use 1 to 5", replicas))
			}
			keepFor, err := parseKeep(keep)
			if err != nil {
				return usage(err)
			}
			limit, err := parseSize(strings.Replace(strings.ToUpper(maxBody), "IB", "B", 1))
			if err != nil || limit <= 0 {
				return usage(fmt.Errorf("--max-body %s: write a size such as 4MiB or 512KB", maxBody))
			}
			hookSecret, err := readSecret(secretFile, "REEL_WEBHOOK_SECRET", "--webhook-secret-file")
			if err != nil {
				return usage(err)
			}
			log := logger(s, cmd.ErrOrStderr())
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return usage(fmt.Errorf("--addr %s: %w", addr, err))
			}
			defer ln.Close()
			b, err := bus.Open(cmd.Context(), bus.Options{URL: f.natsURL, CredsFile: f.natsCreds, Dir: f.data, Listen: natsListen, Keep: keepFor, Replicas: replicas, Name: "reel serve", Log: log})
			if err != nil {
				return err
			}
			defer b.Close()
			svc, err := service.New(context.Background(), service.Config{
				Bus: b, Engine: f.engine(s), Data: f.data, MediaRoot: f.media, Serve: true,
				Workers: f.workers, WorkerName: f.name, Jobs: s.Jobs, AllowCommands: f.allowCommands,
				JobSlots: f.jobSlots, SharedDir: f.sharedDir, DistributeOver: distributeOver,
				Webhooks: webhook.Sender{Secret: hookSecret, Client: netguard.Client(f.allowPrivate), Backoff: envDuration("REEL_WEBHOOK_BACKOFF"), Log: log},
				CheckWebhook: func(u string) error {
					if len(hookSecret) == 0 { // an unsigned webhook could be forged by anyone
						return errors.New("this server has no webhook secret to sign webhooks with: start it with --webhook-secret-file FILE or REEL_WEBHOOK_SECRET")
					}
					return netguard.CheckURL(u, f.allowPrivate)
				},
				Schedules: s.Schedules, Log: log,
			})
			if err != nil {
				return usage(err)
			}
			srv := &http.Server{Handler: api.New(svc, api.Options{Token: token, MaxBody: limit, Log: log}), ReadHeaderTimeout: 10 * time.Second}
			errc := make(chan error, 1)
			go func() { errc <- srv.Serve(ln) }()
			fmt.Fprintf(cmd.ErrOrStderr(), "reel: serving on http://%s\nreel: NATS %s\n", ln.Addr(), b.URL())
			select {
			case err := <-errc:
				svc.Close()
				return fmt.Errorf("serving: %w", err)
			case <-cmd.Context().Done():
			}
			drain(cmd.ErrOrStderr(), svc, f.drain)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			if err := srv.Shutdown(ctx); err != nil {
				_ = srv.Close()
			}
			svc.Close()
			return nil
		},
	}
	f.add(cmd, 1)
	fl := cmd.Flags()
	fl.StringVar(&addr, "addr", "127.0.0.1:8080", "the API's address (anything but loopback needs a token)")
	fl.StringVar(&natsListen, "nats-listen", "", "let other processes reach the embedded NATS at this address (127.0.0.1:4222)")
	fl.StringVar(&tokenFile, "token-file", "", "a file holding the API's bearer token (or REEL_TOKEN)")
	fl.StringVar(&keep, "keep", "7d", "how long finished renders (records, outputs, uploads, events) are kept: 7d, 36h")
	fl.StringVar(&secretFile, "webhook-secret-file", "", "a file holding the secret webhooks are signed with (or REEL_WEBHOOK_SECRET)")
	fl.StringVar(&maxBody, "max-body", "4MiB", "the largest project body (uploads: 2GiB)")
	fl.DurationVar(&distributeOver, "distribute-over", 5*time.Minute, "spread a film at least this long over the workers' job slots without ?distribute=true, when another worker process is alive (0: only when asked)")
	fl.IntVar(&replicas, "nats-replicas", 1, "with --nats on a JetStream cluster: replicas of the queue, the events and the state (3 survives the loss of a server)")
	return cmd
}

func newWorkerCmd() *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "worker",
		Short: "Render the queued renders of a reel serve from another process or machine",
		Long: `Join a reel service as a worker: take renders from its NATS queue, render
them, report their progress. --data and --media-root must name the same
directories as the server's (a shared filesystem), since the outputs go to
DATA/renders/ID and the projects read the media root.

While a render runs, the worker tells NATS it is alive; if the worker dies,
the render goes to another worker after the ack wait, and the jobs already
done are cache hits.

The worker also runs jobs of distributed films (--job-slots at once): a
film rendered with reel render --distribute, or posted with
?distribute=true, has its scene, transition and audio jobs spread over
every worker, its media moved through NATS's object store by content (or
--shared-dir). A worker that only runs jobs needs neither --data on a
shared filesystem nor --media-root: reel worker --workers 0.

SIGTERM drains: no new render starts, running ones finish (or go back to
the queue after --drain-timeout, or at a second signal); running jobs of
distributed films go back to the queue at once.`,
		Example: `  REEL_NATS_TOKEN=$(cat nats-token) reel worker --nats nats://render-1:4222 --data /var/lib/reel --media-root /srv/media
  REEL_NATS_CREDS=/etc/reel/worker.creds reel worker --nats nats://nats-1:4222 --data /mnt/reel --workers 2
  reel worker --nats nats://render-1:4222 --data /tmp/reel-jobs --workers 0 --job-slots 2   # jobs of distributed films only`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, a []string) error {
			s, err := loadSettings(cmd)
			if err != nil {
				return err
			}
			if f.natsURL == "" {
				return usage(errors.New("--nats URL is required: the NATS of the reel serve to work for (its --nats-listen)"))
			}
			if err := f.check(); err != nil {
				return err
			}
			log := logger(s, cmd.ErrOrStderr())
			b, err := bus.Open(cmd.Context(), bus.Options{URL: f.natsURL, CredsFile: f.natsCreds, Dir: f.data, Name: "reel worker", Join: true, Log: log})
			if err != nil {
				return err
			}
			defer b.Close()
			svc, err := service.New(context.Background(), service.Config{Bus: b, Engine: f.engine(s), Data: f.data, MediaRoot: f.media,
				Workers: f.workers, WorkerName: f.name, Jobs: s.Jobs, AllowCommands: f.allowCommands,
				JobSlots: f.jobSlots, SharedDir: f.sharedDir, Log: log})
			if err != nil {
				return usage(err)
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "reel: worker on %s with %d workers and %d job slots\n", b.URL(), f.workers, f.jobSlots)
			<-cmd.Context().Done()
			drain(cmd.ErrOrStderr(), svc, f.drain)
			svc.Close()
			return nil
		},
	}
	f.add(cmd, 1)
	cmd.Flags().Lookup("nats").Usage = "the NATS of the reel serve to work for (its --nats-listen address, or the cluster it uses): required"
	cmd.Flags().Lookup("data").Usage = "the server's data directory, on a shared filesystem: outputs go to DATA/renders/ID, the job cache is DATA/cache"
	return cmd
}

// drain lets running renders finish, for at most timeout or until a
// second signal; then they go back to the queue.
func drain(w io.Writer, svc *service.Service, timeout time.Duration) {
	fmt.Fprintln(w, "reel: draining: no new render starts; a second signal stops the running ones (they go back to the queue)")
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sig)
	go func() {
		select {
		case <-sig:
			cancel()
		case <-ctx.Done():
		}
	}()
	svc.Drain(ctx)
	fmt.Fprintln(w, "reel: drained")
}

// loopback says whether the address addr listens on loopback only.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// readSecret reads a secret from a file (trimmed), the file named by the
// environment variable env+"_FILE", or else from the variable env; the
// error never shows it.
func readSecret(file, env, flag string) ([]byte, error) {
	if file == "" {
		if f := os.Getenv(env + "_FILE"); f != "" {
			file, flag = f, env+"_FILE"
		}
	}
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, fmt.Errorf("%s %s: %w", flag, file, errors.Unwrap(err))
		}
		s := strings.TrimSpace(string(data))
		if s == "" {
			return nil, fmt.Errorf("%s %s is empty", flag, file)
		}
		return []byte(s), nil
	}
	if v := strings.TrimSpace(os.Getenv(env)); v != "" {
		return []byte(v), nil
	}
	return nil, nil
}

// parseKeep reads a retention: 7d, 36h, 90m (Go durations, and days).
func parseKeep(s string) (time.Duration, error) {
	if d, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(d, 64)
		if err == nil && n > 0 {
			return time.Duration(n * float64(24*time.Hour)), nil
		}
	} else if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return d, nil
	}
	return 0, fmt.Errorf("--keep %s: write a duration such as 7d, 36h or 90m", s)
}

// envDuration reads a duration from the environment (0 when unset or
// bad): test hooks such as REEL_WEBHOOK_BACKOFF.
func envDuration(key string) time.Duration {
	d, _ := time.ParseDuration(os.Getenv(key))
	return d
}
