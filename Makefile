# Quell — set-up and test entry points. Every target installs what it needs with apt-get when missing.
SHELL := /bin/bash
.DEFAULT_GOAL := build

DATA ?= quell-data
PORT ?= 8080
SWIFT ?= swift
# libmagic-mgc (the compiled magic database) is a runtime need of libmagic; publicsuffix is the
# system Public Suffix List that libpsl prefers over its built-in copy when newer.
DEB_BUILD := pkg-config libsqlite3-dev libssl-dev libmicrohttpd-dev libcurl4-openssl-dev \
	libidn2-dev libpsl-dev libmagic-dev libmagic-mgc libarchive-dev publicsuffix

FUZZ_SECONDS ?= 300
FUZZ_ARTIFACTS ?= fuzz-artifacts
# NB: SwiftPM links executables with --defsym main=<Module>_main; the fuzz target defines that symbol itself
# and is compiled as a library (see Fuzz/FuzzMailParser/FuzzMailParser.swift).
# AddressSanitizer too: the parser's hot loops use unsafe buffer pointers (it found no memory error so far;
# an ASan run of 10 minutes found KI-2, a logic bug, at about 400 executions per second).
FUZZ_SWIFT_FLAGS := -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
FUZZ_BIN := Fuzz/.build/release/FuzzMailParser
DEB_BENCH := sqlite3 time
# The end-to-end tests run a private Postfix instance in a temp directory (never the system service).
DEB_TEST := postfix python3

.PHONY: deps test-deps build release test demo clean fuzz-build fuzz fuzz-short bench-deps bench

# Installs missing Debian packages (idempotent; needs root or sudo on a fresh machine).
deps:
	@missing=""; for p in $(DEB_BUILD); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "swift not found: install the Swift 6 toolchain (swift.org) and put it on PATH"; exit 1; }

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Postfix is installed unconfigured ("No configuration") and without starting it: policy-rc.d refuses
# service starts for the duration of the install (and is removed again unless it was already there).
test-deps: deps
	@missing=""; for p in $(DEB_TEST); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		echo "postfix postfix/main_mailer_type select No configuration" | $$SUDO debconf-set-selections; \
		policy=""; if [ ! -e /usr/sbin/policy-rc.d ]; then \
			printf '#!/bin/sh\nexit 101\n' | $$SUDO tee /usr/sbin/policy-rc.d >/dev/null && $$SUDO chmod 755 /usr/sbin/policy-rc.d; \
			policy=/usr/sbin/policy-rc.d; fi; \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; status=$$?; \
		[ -z "$$policy" ] || $$SUDO rm -f "$$policy"; exit $$status; \
	fi

# Builds, then runs every unit, integration and end-to-end test (the end-to-end suite starts the
# real quell binary and a private Postfix on loopback in temp directories and stops them again),
# then fuzzes the parser for 30 s.
test: test-deps
	$(SWIFT) build
	QUELL_REQUIRE_POSTFIX=1 $(SWIFT) test
	$(MAKE) --no-print-directory fuzz-short

demo: release
	.build/release/quell demo --data $(DATA) --port $(PORT)

# libFuzzer over MailParser.parse and URLNormalizer.normalize, in its own package (Fuzz/) so that a plain
# `swift build` never links the fuzzer entry point.
fuzz-build: deps
	cd Fuzz && $(SWIFT) build -c release $(FUZZ_SWIFT_FLAGS)

# make fuzz [FUZZ_SECONDS=300] [FUZZ_CORPUS=dir to keep the corpus]
fuzz: fuzz-build
	Fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_BIN) $(FUZZ_ARTIFACTS)

fuzz-short: fuzz-build
	Fuzz/run.sh 30 $(FUZZ_BIN) $(FUZZ_ARTIFACTS)

bench-deps: deps
	@missing=""; for p in $(DEB_BENCH); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing; \
	fi
	@python3 -c 'import fast_mail_parser' 2>/dev/null || python3 -m pip install -q fast-mail-parser \
		|| echo "NOTE: pip install fast-mail-parser failed; the bench skips that baseline"

# Quell against its baselines in one run (Benchmarks/bench.py; BENCH_MESSAGES, BENCH_ROUNDS, BENCH_CORPUS).
bench: bench-deps
	$(SWIFT) build -c release --product quell
	$(SWIFT) build -c release --product quell-bench
	python3 Benchmarks/bench.py

clean:
	rm -rf .build Fuzz/.build
