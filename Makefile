# The two commands: `make run` (the whole portal on the embedded defaults) and `make test` (every test).
CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR
JUXIAN_BIN := $(CARGO_TARGET_DIR)/debug/juxian

.PHONY: run test test-rust test-frontend e2e frontend openapi lint bench

## Build the frontend and the server, then start the portal on SQLite with mail written to ./data/outbox.
run: frontend
	cargo build --release
	JUXIAN_FRONTEND_DIR=frontend/dist $(CARGO_TARGET_DIR)/release/juxian serve

# Installed once per lock file, not on every target.
frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

frontend: frontend/node_modules/.installed
	cd frontend && npm run build

## Every test: Rust unit + integration tests (SQLite, or PostgreSQL when TEST_DATABASE_URL is set),
## frontend lint, type check, unit tests, build, and the end-to-end run in headless Chromium.
test: test-rust test-frontend e2e

test-rust:
	cargo test

test-frontend: frontend/node_modules/.installed
	cd frontend && npm run lint && npm run test:unit && npm run build

e2e: test-frontend
	cargo build
	cd frontend && JUXIAN_BIN=$(JUXIAN_BIN) npm run e2e

## Regenerate the API document the frontend's types come from (a test fails when it is stale).
openapi:
	cargo run --quiet -- openapi > frontend/src/api/openapi.json
	cd frontend && npm run gen:api

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cd frontend && npm run lint && npm run typecheck

## The benchmark suite (issue #15): release build, SQLite and a fresh PostgreSQL database, wrk on
## loopback; prints a Markdown table and writes bench/results/latest.json. BENCH_QUICK=1 for a smoke run.
bench:
	bench/run
