# reel: the two set-up commands are `make demo` and `make test`.
GO      ?= go
BIN     := bin/reel
PKGS    := ./...

.PHONY: all build demo test golden fuzz bench vet fmt ffmpeg clean

all: build

ffmpeg:
	@./scripts/ensure-ffmpeg.sh

build:
	$(GO) build -o $(BIN) ./cmd/reel

## demo: render samples/demo/project.yaml to out/demo.mp4 (no media needed)
demo: ffmpeg build
	./$(BIN) render samples/demo/project.yaml -o out/demo.mp4

## test: gofmt, vet and the whole suite with real FFmpeg
test: ffmpeg
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GO) test -count=1 -timeout 9m $(PKGS)
	@$(MAKE) --no-print-directory fuzz FUZZTIME=$(TEST_FUZZTIME)

## golden: rewrite the golden plans (pipeline/plan/testdata/plans/*.txtar, samples/*/plan.golden);
## review the diff
golden:
	$(GO) test ./pipeline/plan -run PlanGoldens -count=1 -update
	$(GO) test ./pipeline -run SamplePlans -count=1 -update

## fuzz: each fuzz test for FUZZTIME (default 30s); `make test` runs each for TEST_FUZZTIME
## (default 3000x) after the suite, which also runs their committed seeds. The test budget is a
## count, not a duration: Go 1.26's fuzz coordinator can fail a target that found nothing when a
## -fuzztime duration runs out on a loaded machine ("context deadline exceeded", golang/go#75804,
## fixed in Go 1.27); a count has no deadline to race.
FUZZTIME      ?= 30s
TEST_FUZZTIME ?= 3000x
FUZZ          := ./config:FuzzParse ./internal/timecode:FuzzParse ./looks:FuzzParseCube \
                 ./pipeline/text:FuzzParseFace ./pipeline/text:FuzzLayerScript ./internal/ass:FuzzEscape ./internal/ffmpeg:FuzzEscapeRoundTrip \
                 ./subtitles:FuzzParse ./rows:FuzzParse ./interchange/otio:FuzzDecode ./interchange/edl:FuzzParse
fuzz:
	@for t in $(FUZZ); do \
	  pkg=$${t%%:*}; name=$${t##*:}; \
	  echo "fuzzing $$name in $$pkg for $(FUZZTIME)"; \
	  $(GO) test $$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) || exit 1; \
	done

## bench: the 7-scene benchmark against a hand-written one-pass ffmpeg command
bench: ffmpeg build
	$(GO) run ./bench -reel $(BIN)

clean:
	rm -rf bin out
