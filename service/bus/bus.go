// Package bus is reel serve's connection to NATS JetStream: an embedded
// server (its store in the data directory) or an external one, and the
// streams, the consumer and the key-value buckets the service uses, each
// created or updated idempotently so that any number of servers and
// workers may start at once.
package bus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Names of the streams, the consumer and the buckets.
const (
	WorkStream   = "REEL_WORK"      // work queue: one message per render (its id)
	WorkSubject  = "reel.work"      // the subject of render messages
	Consumer     = "workers"        // the durable pull consumer every worker shares
	EventsStream = "REEL_EVENTS"    // events of every render
	EventsPrefix = "reel.events."   // + render id
	RendersKV    = "reel-renders"   // render records
	LocksKV      = "reel-locks"     // idempotency keys, webhook once, schedule ticks
	TemplatesKV  = "reel-templates" // stored templates
	WorkersKV    = "reel-workers"   // worker heartbeats (TTL)
	DeadKV       = "reel-dead"      // dead letters: renders given up after their last delivery

	// One film over many machines (service/dist): its jobs as messages,
	// its media by content in an object store, the jobs' results by work
	// key.
	JobsStream  = "REEL_JOBS"    // work queue: one message per job to run
	JobsSubject = "reel.jobs"    // the subject of job messages
	JobConsumer = "job-workers"  // the durable pull consumer every worker shares for jobs
	MediaStore  = "reel-media"   // objects (sources, segments) named by their SHA-256
	ResultsKV   = "reel-results" // a job's result (or failure, or cancellation) by work key
)

// Defaults of the consumer; the environment overrides them for tests
// (REEL_ACK_WAIT, a Go duration; REEL_MAX_DELIVER, a whole number).
const (
	DefaultAckWait    = 30 * time.Second
	DefaultMaxDeliver = 5
	// HeartbeatTTL is how long a worker's heartbeat key lives.
	HeartbeatTTL = 15 * time.Second
)

// Options say which NATS to use and how.
type Options struct {
	// URL is an external NATS server or cluster, several URLs separated
	// by commas ("" embeds one).
	URL string
	// CredsFile is a NATS credentials file; Token a NATS token (never
	// logged). Empty: REEL_NATS_CREDS, REEL_NATS_TOKEN; a user and password
	// come from REEL_NATS_USER and REEL_NATS_PASSWORD.
	CredsFile, Token string
	// Dir is the data directory; the embedded server keeps its store in
	// Dir/nats.
	Dir string
	// Listen is where the embedded server accepts other processes
	// ("127.0.0.1:4222", or ":0" for a random port); "" keeps it
	// in-process only. The embedded server requires Token (or
	// REEL_NATS_TOKEN) of its clients when one is set.
	Listen string
	// Keep is how long events and locks are kept (default 7 days).
	Keep       time.Duration
	AckWait    time.Duration // default REEL_ACK_WAIT or 30 s
	MaxDeliver int           // default REEL_MAX_DELIVER or 5
	Name       string        // the connection's name
	// Replicas is the streams' and buckets' replication in a JetStream
	// cluster (default 1; 3 survives the loss of a server).
	Replicas int
	// Join uses the streams, consumer and buckets as they are (a worker
	// joining a server's NATS), making only those missing; otherwise
	// their settings are updated to these options.
	Join bool
	Log  *slog.Logger
}

// Bus is an open connection with the service's streams and buckets.
type Bus struct {
	NC        *nats.Conn
	JS        jetstream.JetStream
	Work      jetstream.Stream
	Events    jetstream.Stream
	Consumer  jetstream.Consumer
	Renders   jetstream.KeyValue
	Locks     jetstream.KeyValue
	Templates jetstream.KeyValue
	Workers   jetstream.KeyValue
	Dead      jetstream.KeyValue

	Jobs        jetstream.Stream
	JobConsumer jetstream.Consumer
	Media       jetstream.ObjectStore
	Results     jetstream.KeyValue

	AckWait    time.Duration
	MaxDeliver int
	Keep       time.Duration

	join     bool
	replicas int
	server   *server.Server
	url      string // without credentials
}

// Open starts or connects to NATS and makes sure the streams and buckets
// exist with the options' settings.
func Open(ctx context.Context, o Options) (*Bus, error) {
	if o.Keep <= 0 {
		o.Keep = 7 * 24 * time.Hour
	}
	var err error
	if o.AckWait <= 0 {
		if o.AckWait, err = envDuration("REEL_ACK_WAIT", DefaultAckWait); err != nil {
			return nil, err
		}
	}
	if o.MaxDeliver <= 0 {
		if o.MaxDeliver, err = envInt("REEL_MAX_DELIVER", DefaultMaxDeliver); err != nil {
			return nil, err
		}
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	b := &Bus{AckWait: o.AckWait, MaxDeliver: o.MaxDeliver, Keep: o.Keep, join: o.Join, replicas: max(o.Replicas, 1)}
	opts := []nats.Option{nats.Name(o.Name), nats.MaxReconnects(-1), nats.ReconnectWait(250 * time.Millisecond)}
	if o.URL == "" {
		if err := b.embed(o); err != nil {
			return nil, err
		}
		if o.Listen == "" {
			opts = append(opts, nats.InProcessServer(b.server))
		}
		if token := firstOf(o.Token, os.Getenv("REEL_NATS_TOKEN")); token != "" {
			opts = append(opts, nats.Token(token))
		}
	} else {
		var shown []string
		for _, one := range strings.Split(o.URL, ",") {
			u, err := url.Parse(strings.TrimSpace(one))
			if err != nil || u.Host == "" {
				return nil, fmt.Errorf("--nats %s: not a NATS URL (nats://host:4222, or several separated by commas)", redactURL(one))
			}
			shown = append(shown, redactURL(one))
		}
		b.url = strings.Join(shown, ",")
		creds := firstOf(o.CredsFile, os.Getenv("REEL_NATS_CREDS"))
		token := firstOf(o.Token, os.Getenv("REEL_NATS_TOKEN"))
		if creds != "" {
			opts = append(opts, nats.UserCredentials(creds))
		}
		if token != "" {
			opts = append(opts, nats.Token(token))
		}
		if user := os.Getenv("REEL_NATS_USER"); user != "" {
			opts = append(opts, nats.UserInfo(user, os.Getenv("REEL_NATS_PASSWORD")))
		}
	}
	connURL := o.URL
	if o.URL == "" {
		connURL = b.server.ClientURL()
	}
	nc, err := nats.Connect(connURL, opts...)
	if err != nil {
		b.shutdown()
		return nil, fmt.Errorf("connecting to NATS at %s: %w", b.url, err)
	}
	b.NC = nc
	if err := b.setUp(ctx); err != nil {
		b.Close()
		return nil, err
	}
	return b, nil
}

// embed starts the embedded server with its store in o.Dir/nats.
func (b *Bus) embed(o Options) error {
	store := filepath.Join(o.Dir, "nats")
	if err := os.MkdirAll(store, 0o700); err != nil {
		return fmt.Errorf("embedded NATS store: %w", err)
	}
	so := &server.Options{JetStream: true, StoreDir: store, ServerName: "reel", NoSigs: true, NoLog: true,
		// A token, when set, is required of every client (other
		// processes' workers too: they send REEL_NATS_TOKEN).
		Authorization: firstOf(o.Token, os.Getenv("REEL_NATS_TOKEN"))}
	if o.Listen == "" {
		so.DontListen = true
	} else {
		host, port, err := net.SplitHostPort(o.Listen)
		if err != nil {
			return fmt.Errorf("--nats-listen %s: %w", o.Listen, err)
		}
		p, err := strconv.Atoi(port)
		if err != nil {
			return fmt.Errorf("--nats-listen %s: the port is not a number", o.Listen)
		}
		if host == "" {
			host = "127.0.0.1"
		}
		so.Host, so.Port = host, p
		if p == 0 {
			so.Port = server.RANDOM_PORT
		}
	}
	ns, err := server.NewServer(so)
	if err != nil {
		return fmt.Errorf("embedded NATS: %w", err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(30 * time.Second) {
		ns.Shutdown()
		return errors.New("embedded NATS did not start within 30 s")
	}
	b.server = ns
	if o.Listen == "" {
		b.url = "in-process"
	} else {
		b.url = ns.ClientURL()
	}
	return nil
}

// setUp creates or updates the streams, the consumer and the buckets.
func (b *Bus) setUp(ctx context.Context) error {
	js, err := jetstream.New(b.NC)
	if err != nil {
		return fmt.Errorf("JetStream: %w", err)
	}
	b.JS = js
	workCfg := jetstream.StreamConfig{
		Name: WorkStream, Subjects: []string{WorkSubject}, Retention: jetstream.WorkQueuePolicy,
		Storage: jetstream.FileStorage, Duplicates: 10 * time.Minute, Replicas: b.replicas,
	}
	eventsCfg := jetstream.StreamConfig{
		Name: EventsStream, Subjects: []string{EventsPrefix + ">"}, Retention: jetstream.LimitsPolicy,
		Storage: jetstream.FileStorage, MaxAge: b.Keep, Replicas: b.replicas,
	}
	consCfg := jetstream.ConsumerConfig{
		Durable: Consumer, AckPolicy: jetstream.AckExplicitPolicy, AckWait: b.AckWait,
		MaxDeliver: b.MaxDeliver, MaxAckPending: 10000, FilterSubject: WorkSubject,
		BackOff: backOff(b.AckWait, b.MaxDeliver),
	}
	if b.Work, err = b.stream(ctx, workCfg); err != nil {
		return err
	}
	if b.Events, err = b.stream(ctx, eventsCfg); err != nil {
		return err
	}
	if b.join {
		b.Consumer, err = b.Work.Consumer(ctx, Consumer)
	}
	if !b.join || errors.Is(err, jetstream.ErrConsumerNotFound) {
		b.Consumer, err = b.Work.CreateOrUpdateConsumer(ctx, consCfg)
	}
	if err != nil {
		return fmt.Errorf("consumer %s: %w", Consumer, err)
	}
	if err := b.setUpJobs(ctx); err != nil {
		return err
	}
	// The consumer's settings are those of the server that made it: the
	// heartbeats follow its ack wait.
	if info := b.Consumer.CachedInfo(); info != nil {
		b.AckWait, b.MaxDeliver = info.Config.AckWait, info.Config.MaxDeliver
	}
	kvs := []struct {
		kv  *jetstream.KeyValue
		cfg jetstream.KeyValueConfig
	}{
		{&b.Renders, jetstream.KeyValueConfig{Bucket: RendersKV, History: 1}},
		// Locks outlive the renders they guard (a sweep removes those
		// an hour after their retention) by a day.
		{&b.Locks, jetstream.KeyValueConfig{Bucket: LocksKV, TTL: b.Keep + 24*time.Hour}},
		{&b.Templates, jetstream.KeyValueConfig{Bucket: TemplatesKV}},
		{&b.Workers, jetstream.KeyValueConfig{Bucket: WorkersKV, TTL: HeartbeatTTL}},
		{&b.Dead, jetstream.KeyValueConfig{Bucket: DeadKV, TTL: b.Keep}},
		{&b.Results, jetstream.KeyValueConfig{Bucket: ResultsKV, TTL: b.Keep}},
	}
	for _, k := range kvs {
		k.cfg.Storage, k.cfg.Replicas = jetstream.FileStorage, b.replicas
		var kv jetstream.KeyValue
		if b.join {
			kv, err = js.KeyValue(ctx, k.cfg.Bucket)
		}
		if !b.join || errors.Is(err, jetstream.ErrBucketNotFound) {
			kv, err = js.CreateOrUpdateKeyValue(ctx, k.cfg)
		}
		if err != nil {
			return fmt.Errorf("bucket %s: %w", k.cfg.Bucket, err)
		}
		*k.kv = kv
	}
	return nil
}

// setUpJobs makes the jobs' work queue, its consumer and the media store.
// A job message is delivered again the ack wait after its worker went
// silent, and given up after MaxDeliver deliveries.
func (b *Bus) setUpJobs(ctx context.Context) error {
	cfg := jetstream.StreamConfig{
		Name: JobsStream, Subjects: []string{JobsSubject}, Retention: jetstream.WorkQueuePolicy,
		Storage: jetstream.FileStorage, Duplicates: 2 * time.Minute, Replicas: b.replicas,
	}
	var err error
	if b.Jobs, err = b.stream(ctx, cfg); err != nil {
		return err
	}
	consCfg := jetstream.ConsumerConfig{
		Durable: JobConsumer, AckPolicy: jetstream.AckExplicitPolicy, AckWait: b.AckWait,
		MaxDeliver: b.MaxDeliver, MaxAckPending: 100000, FilterSubject: JobsSubject,
	}
	if b.join {
		b.JobConsumer, err = b.Jobs.Consumer(ctx, JobConsumer)
	}
	if !b.join || errors.Is(err, jetstream.ErrConsumerNotFound) {
		b.JobConsumer, err = b.Jobs.CreateOrUpdateConsumer(ctx, consCfg)
	}
	if err != nil {
		return fmt.Errorf("consumer %s: %w", JobConsumer, err)
	}
	storeCfg := jetstream.ObjectStoreConfig{Bucket: MediaStore, Storage: jetstream.FileStorage, Replicas: b.replicas, TTL: b.Keep}
	if b.join {
		b.Media, err = b.JS.ObjectStore(ctx, MediaStore)
	}
	if !b.join || errors.Is(err, jetstream.ErrBucketNotFound) {
		b.Media, err = b.JS.CreateOrUpdateObjectStore(ctx, storeCfg)
	}
	if err != nil {
		return fmt.Errorf("object store %s: %w", MediaStore, err)
	}
	return nil
}

// JobMaxDeliveriesSubject is the advisory JetStream publishes when a job
// message has been delivered MaxDeliver times without an ack.
func JobMaxDeliveriesSubject() string {
	return "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + JobsStream + "." + JobConsumer
}

// backOff is when a message whose worker went silent is delivered again:
// the ack wait after the first delivery, then twice as long each time
// (at most 5 minutes more than the ack wait), one entry per redelivery.
func backOff(ackWait time.Duration, maxDeliver int) []time.Duration {
	var out []time.Duration
	d := ackWait
	for i := 1; i < maxDeliver; i++ {
		out = append(out, d)
		d = min(2*d, ackWait+5*time.Minute)
	}
	return out
}

// stream finds (joining) or creates or updates the stream of cfg.
func (b *Bus) stream(ctx context.Context, cfg jetstream.StreamConfig) (jetstream.Stream, error) {
	var st jetstream.Stream
	var err error
	if b.join {
		st, err = b.JS.Stream(ctx, cfg.Name)
	}
	if !b.join || errors.Is(err, jetstream.ErrStreamNotFound) {
		st, err = b.JS.CreateOrUpdateStream(ctx, cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("stream %s: %w", cfg.Name, err)
	}
	return st, nil
}

// URL is where other processes reach this NATS, without credentials
// ("in-process" for an embedded server that does not listen).
func (b *Bus) URL() string { return b.url }

// Embedded says whether this process runs the NATS server.
func (b *Bus) Embedded() bool { return b.server != nil }

// MaxDeliveriesSubject is the advisory JetStream publishes when a render
// message has been delivered MaxDeliver times without an ack.
func MaxDeliveriesSubject() string {
	return "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + WorkStream + "." + Consumer
}

// Close closes the connection (draining it) and stops the embedded server.
func (b *Bus) Close() {
	if b.NC != nil {
		_ = b.NC.Drain()
		for i := 0; i < 100 && !b.NC.IsClosed(); i++ {
			time.Sleep(20 * time.Millisecond)
		}
		b.NC.Close()
	}
	b.shutdown()
}

func (b *Bus) shutdown() {
	if b.server != nil {
		b.server.Shutdown()
		b.server.WaitForShutdown()
	}
}

// redactURL is u without its user information.
func redactURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return "(unparsable URL)"
	}
	p.User = nil
	return p.Redacted()
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func envDuration(key string, def time.Duration) (time.Duration, error) {
	v := strings.TrimSpace(os.Getenv(key))
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s=%q: write a positive duration such as 30s", key, v)
	}
	return d, nil
}

func envInt(key string, def int) (int, error) {
	v := strings.TrimSpace(os.Getenv(key))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s=%q: write a whole number from 1", key, v)
	}
	return n, nil
}
