# stgen: generate Go clients for ServiceTitan's API.
#
#   make generate   generate generated/ from the newest release in ../shared (or SPECS=DIR)
#   make test       run every test, with the race detector
#   make bench      benchmarks, benchstat-friendly (COUNT=6 by default), into bench.txt
#   make crosscheck stgen diff against oasdiff on the real releases (slow)
#   make lint       gofmt, go vet and staticcheck
#   make clean      remove generated output and tools

SHARED_SPECS ?= ../shared/specs/servicetitan
SPECS        ?= $(patsubst %/,%,$(lastword $(sort $(wildcard $(SHARED_SPECS)/*/))))
OUT          ?= generated
COUNT        ?= 6
BIN          := $(CURDIR)/bin

# The project's own packages: generated/ is build output, checked by the
# generator's tests on every release, and may be stale after a template change.
PKGS = $(shell go list ./... | grep -v '/generated/')

STATICCHECK_VERSION  := v0.7.0
OAPI_CODEGEN_VERSION := v2.8.2
OASDIFF_VERSION      := v1.37.0

.PHONY: generate test bench crosscheck lint clean tools

generate:
	@test -n "$(SPECS)" || { echo "no release found under $(SHARED_SPECS): pass SPECS=DIR" >&2; exit 1; }
	go run ./cmd/stgen generate --specs $(SPECS) --out $(OUT)

test:
	go test -race -timeout 20m $(PKGS)

bench: $(BIN)/oapi-codegen $(BIN)/oasdiff
	OAPI_CODEGEN=$(BIN)/oapi-codegen OASDIFF=$(BIN)/oasdiff go test -run='^$$' -bench=. -benchmem -count=$(COUNT) -timeout 60m $(PKGS) | tee bench.txt

crosscheck: $(BIN)/oasdiff
	OASDIFF=$(BIN)/oasdiff go test -run TestOasdiffCrossCheck -count=1 -v ./internal/diff

lint: $(BIN)/staticcheck
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "not gofmt-clean:" $$unformatted >&2; exit 1; fi
	go vet $(PKGS)
	$(BIN)/staticcheck $(PKGS)

tools: $(BIN)/staticcheck $(BIN)/oapi-codegen $(BIN)/oasdiff

$(BIN)/staticcheck:
	GOBIN=$(BIN) go install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)

$(BIN)/oapi-codegen:
	GOBIN=$(BIN) go install github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@$(OAPI_CODEGEN_VERSION)

$(BIN)/oasdiff:
	GOBIN=$(BIN) go install github.com/oasdiff/oasdiff@$(OASDIFF_VERSION)

clean:
	[ ! -d $(OUT) ] || find $(OUT) -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
	rm -rf $(BIN) bench.txt
