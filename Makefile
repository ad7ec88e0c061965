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

.PHONY: deps build release test demo clean

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

# Builds, then runs every unit, integration and end-to-end test (the end-to-end suite starts the
# real quell binary on loopback in temp directories and stops it again).
test: deps
	$(SWIFT) build
	$(SWIFT) test

demo: release
	.build/release/quell demo --data $(DATA) --port $(PORT)

clean:
	rm -rf .build
