# aiops-serve: every target installs what it needs, so each works on a fresh machine.
SHELL := /bin/bash
export PATH := $(HOME)/.bun/bin:$(PATH)

.PHONY: install bun test-deps typecheck lint check test build smoke run run-prod eval bench clean docker

# Bun itself, from the npm registry (the package carries the binary).
bun:
	@command -v bun >/dev/null 2>&1 || npm i -g bun@1.4.5

install: bun
	bun install --frozen-lockfile

typecheck: install
	bun run typecheck

lint: install
	bun run lint

# What CI runs besides the tests.
check: typecheck lint

# The real programs the tests run (Prometheus, Alertmanager, Postgres, Redis, Chromium), from
# Debian's packages when missing; without root or apt it names the tests that will skip.
test-deps:
	@bash scripts/install-test-deps.sh

# Builds first: the binary smoke tests (test/e2e) must run the current code, not a stale dist/.
test: install test-deps build
	bun test

build: install
	bun run build

# The compiled binary, started from another directory with no files around it (some of
# test/e2e run it next to a real Prometheus or Postgres).
smoke: test-deps build
	cd /tmp && AIOPS_BINARY=$(CURDIR)/dist/aiops-serve bun test --cwd $(CURDIR) test/e2e

run: install
	bun run start

run-prod: build
	./dist/aiops-serve

eval: install
	bun run eval $(DIR)

bench: install
	bun run bench

# The container image (Dockerfile: compile stage, then distroless non-root runtime).
docker:
	docker build --build-arg AIOPS_COMMIT=$$(git rev-parse --short HEAD) -t aiops-serve:$$(bun -e 'console.log(require("./package.json").version)') .

clean:
	rm -rf dist node_modules
