# stgen: generate Go clients for ServiceTitan's API.
#
#   make install    go install ./cmd/stgen: the stgen command into $(go env GOBIN), else $(go env GOPATH)/bin
#   make generate   generate OUT (generated/) from the newest release in ../shared (or SPECS=DIR)
#   make update     fetch the portal's current release into specs/, diff it against
#                   the previous release there into Markdown, regenerate OUT from it
#   make fetch      the first step of update: the current release into RELEASES/RELEASE
#   make diff       the second: RELEASES/RELEASE against PREVIOUS, Markdown into DIFF
#   make test       run every test: the race detector on the packages with goroutines
#                   of their own; the generated code of the newest release built
#   make test-releases  build and check the generated code of every release (CI runs it)
#   make bench      benchmarks, benchstat-friendly (COUNT=6 by default), into bench.txt
#   make crosscheck stgen diff against oasdiff on the real releases (slow)
#   make lint       gofmt, go vet, staticcheck, and actionlint on the workflows
#   make clean      remove generated output and tools
#
# Variables (defaults in parentheses):
#   STGEN_PORTAL  base URL of the developer portal fetch reads (https://developer.servicetitan.io);
#                 http://127.0.0.1:PORT for a local one
#   RELEASES      folder of fetched releases, one folder per date (specs)
#   RELEASE       name of the release folder fetch writes (today's date, UTC)
#   PREVIOUS      release folder to diff against (the newest RELEASES/YYYY-MM-DD before RELEASE)
#   DIFF          Markdown file the diff goes to, a pull request body (RELEASES/RELEASE.diff.md)
#   FORCE=1       let fetch replace an existing RELEASES/RELEASE
#   SPECS         release folder generate reads (update: RELEASES/RELEASE)
#   OUT           folder generate writes, stgen-names.json included (generated)
#   MODULE        import path of OUT (inferred from the go.mod above OUT)
#   RUNTIME       import, or copy to write stgen's runtime into OUT (import)

SHARED_SPECS ?= ../shared/specs/servicetitan
SPECS        ?= $(patsubst %/,%,$(lastword $(sort $(wildcard $(SHARED_SPECS)/*/))))
OUT          ?= generated
MODULE       ?=
RUNTIME      ?=
STGEN_PORTAL ?= https://developer.servicetitan.io
RELEASES     ?= specs
ifeq ($(origin RELEASE),undefined)
RELEASE      := $(shell date -u +%Y-%m-%d)
endif
PREVIOUS     ?=
DIFF         ?= $(RELEASES)/$(RELEASE).diff.md
FORCE        ?=
COUNT        ?= 6
BIN          := $(CURDIR)/bin
STGEN        := $(BIN)/stgen

GENERATE_FLAGS = $(if $(MODULE),--module "$(MODULE)") $(if $(RUNTIME),--runtime "$(RUNTIME)")
FETCH_FLAGS    = $(if $(FORCE),--force)

# The project's own packages: generated/ is build output, checked by the
# generator's tests on every release, and may be stale after a template change.
PKGS = $(shell go list ./... | grep -v '/generated/')

# The packages that start goroutines of their own (servers, transports,
# locks, parallel loading and generation) run under the race detector. The
# others, whose tests model, generate, build and compare releases, run
# without it: it slows them tenfold, and the goroutines they start are
# the pipeline's, raced in its own tests. Of the commands' end-to-end tests
# (internal/cli), those whose goroutines are the commands' own (the
# progress line, stgen serve) run under it too.
RACE_PKGS   = $(filter $(addprefix github.com/stgen-dev/stgen/,authmw stapi sttest internal/output internal/pipeline internal/fetch),$(PKGS))
NORACE_PKGS = $(filter-out $(RACE_PKGS),$(PKGS))

STATICCHECK_VERSION  := v0.7.0
ACTIONLINT_VERSION   := v1.7.12
OAPI_CODEGEN_VERSION := v2.8.2
OASDIFF_VERSION      := v1.37.0

.PHONY: install generate update fetch diff test test-releases bench crosscheck lint clean tools $(STGEN)

# The stgen command of this tree, built before every target that runs it
# (go build only relinks when a source changed).
$(STGEN):
	@go build -o $@ ./cmd/stgen

# install records this clone's commit in the command, which `stgen version`
# prints (not from a git worktree, where the go command finds no repository).
install:
	go install ./cmd/stgen

generate: $(STGEN)
	@test -n "$(SPECS)" || { echo "make generate: no release found under $(SHARED_SPECS): pass SPECS=DIR" >&2; exit 1; }
	@echo "stgen generate --specs $(SPECS) --out $(OUT) $(GENERATE_FLAGS)"
	@$(STGEN) generate --specs "$(SPECS)" --out "$(OUT)" $(GENERATE_FLAGS) \
		|| { echo "make generate: stgen generate failed: $(OUT) is as it was" >&2; exit 1; }

# update runs its steps in order, each in its own make, and stops at the
# first that fails, saying what is left: each step is atomic.
update:
	@$(MAKE) --no-print-directory fetch RELEASE=$(RELEASE) \
		|| { echo "make update: stopped at fetch: nothing changed" >&2; exit 1; }
	@$(MAKE) --no-print-directory diff RELEASE=$(RELEASE) \
		|| { echo "make update: stopped at diff: $(RELEASES)/$(RELEASE) is fetched; $(OUT) is as it was" >&2; exit 1; }
	@$(MAKE) --no-print-directory generate RELEASE=$(RELEASE) SPECS=$(RELEASES)/$(RELEASE) \
		|| { echo "make update: stopped at generate: $(RELEASES)/$(RELEASE) is fetched and diffed; $(OUT) is as it was" >&2; exit 1; }
	@echo "make update: release $(RELEASE) is in $(RELEASES)/$(RELEASE); $(OUT) is regenerated from it" >&2

# stgen fetch writes the release folder in one step, or nothing.
fetch: $(STGEN)
	@echo "stgen fetch --out $(RELEASES) --from $(STGEN_PORTAL) --date $(RELEASE) $(FETCH_FLAGS)"
	@$(STGEN) fetch --out "$(RELEASES)" --from "$(STGEN_PORTAL)" --date "$(RELEASE)" $(FETCH_FLAGS) \
		|| { echo "make fetch: no release fetched from $(STGEN_PORTAL): $(RELEASES) is as it was" >&2; \
		     $(if $(FORCE),,[ ! -d "$(RELEASES)/$(RELEASE)" ] || echo "make fetch: FORCE=1 replaces $(RELEASES)/$(RELEASE); RELEASE=YYYY-MM-DD names the new release otherwise" >&2;) exit 1; }

# The diff is written to a temporary file beside DIFF and renamed over it
# once whole. Release folders are named by date, so the newest before
# RELEASE is the last in name order.
diff: $(STGEN)
	@new="$(RELEASES)/$(RELEASE)"; prev="$(PREVIOUS)"; \
	test -d "$$new" || { echo "make diff: no release folder $$new: run make fetch first, or set RELEASE" >&2; exit 1; }; \
	if [ -z "$$prev" ]; then \
		for d in "$(RELEASES)"/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]; do \
			if [ -d "$$d" ] && expr "$${d##*/}" \< "$(RELEASE)" >/dev/null; then prev=$$d; fi; \
		done; \
	fi; \
	if [ -z "$$prev" ]; then \
		echo "make diff: no release before $(RELEASE) in $(RELEASES) to diff against (PREVIOUS=DIR names one): no diff written" >&2; \
		exit 0; \
	fi; \
	mkdir -p "$(dir $(DIFF))" && tmp=$$(mktemp "$(DIFF).XXXXXX") || exit 1; \
	trap 'rm -f "$$tmp"' EXIT; trap 'exit 1' INT TERM; \
	echo "stgen diff $$prev $$new --format markdown > $(DIFF)"; \
	$(STGEN) diff "$$prev" "$$new" --format markdown >"$$tmp" \
		|| { echo "make diff: stgen diff failed: $(DIFF) is as it was" >&2; exit 1; }; \
	chmod 644 "$$tmp" && mv "$$tmp" "$(DIFF)" \
		|| { echo "make diff: $(DIFF) cannot be written" >&2; exit 1; }; \
	echo "make diff: the changes from $$prev to $$new are in $(DIFF)" >&2

test:
	go test -race -timeout 10m $(RACE_PKGS)
	go test -race -timeout 10m -run 'Progress|Serve' ./internal/cli
	go test -timeout 10m $(NORACE_PKGS)

test-releases:
	STGEN_BUILD_RELEASES=all go test -count=1 -timeout 20m -run '^TestReleases$$' ./internal/gen

bench: $(BIN)/oapi-codegen $(BIN)/oasdiff
	OAPI_CODEGEN=$(BIN)/oapi-codegen OASDIFF=$(BIN)/oasdiff go test -run='^$$' -bench=. -benchmem -count=$(COUNT) -timeout 60m $(PKGS) | tee bench.txt

crosscheck: $(BIN)/oasdiff
	OASDIFF=$(BIN)/oasdiff go test -run TestOasdiffCrossCheck -count=1 -v ./internal/diff

lint: $(BIN)/staticcheck $(BIN)/actionlint
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "not gofmt-clean:" $$unformatted >&2; exit 1; fi
	go vet $(PKGS)
	$(BIN)/staticcheck $(PKGS)
	$(BIN)/actionlint .github/workflows/*.yml

tools: $(BIN)/staticcheck $(BIN)/actionlint $(BIN)/oapi-codegen $(BIN)/oasdiff

$(BIN)/staticcheck:
	GOBIN=$(BIN) go install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

$(BIN)/actionlint:
	GOBIN=$(BIN) go install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)

$(BIN)/oapi-codegen:
	GOBIN=$(BIN) go install github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@$(OAPI_CODEGEN_VERSION)

$(BIN)/oasdiff:
	GOBIN=$(BIN) go install github.com/oasdiff/oasdiff@$(OASDIFF_VERSION)

clean:
	[ ! -d $(OUT) ] || find $(OUT) -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
	rm -rf $(BIN) bench.txt
