# attn — the two commands that set up a fresh Debian/Ubuntu machine:
#   make run    installs what is missing, builds release, runs examples/tour.attn
#   make test   same set-up, then swift test and the example scripts
SWIFT ?= swift
BIN := .build/release/attn
TERMINAL_TESTS := PTYTests|LineEditorTerminalTests|LineEditorPromptTests|ShellEndToEndTests|ShellInterruptTests

.PHONY: run test build setup browser bench fuzz fuzz-build sanitize clean

setup:
	@if ! pkg-config --exists libedit 2>/dev/null; then \
	  echo "attn: installing libedit-dev (the shell's line editor)"; \
	  SUDO=; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq pkg-config libedit-dev; \
	fi

# The headless browser the page tests open rendered pages in (Debian's
# chromium). Not needed to build or run attn; when it cannot be installed
# (no apt, no sudo) the browser test says so and is skipped.
browser:
	@if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then \
	  echo "attn: installing chromium (the headless browser the rendered-page tests use)"; \
	  SUDO=; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; } \
	    || echo "attn: could not install chromium; the browser test will be skipped"; \
	fi

build: setup
	$(SWIFT) build -c release --product attn

run: build
	$(BIN) run examples/tour.attn

test: setup browser
	$(SWIFT) build -c release --product attn
	@# docs/builtins.md is generated from the builtins table and must be its current text.
	@$(BIN) --builtins-markdown | cmp -s - docs/builtins.md || { \
	  echo "docs/builtins.md is out of date; regenerate it with:  $(BIN) --builtins-markdown > docs/builtins.md"; exit 1; }
	ATTN_BIN=$(CURDIR)/$(BIN) $(SWIFT) test --disable-swift-testing --parallel --skip '$(TERMINAL_TESTS)'
	# Tests that drive a pseudo-terminal run alone: timing-sensitive, they
	# must not compete with other test processes for the two cores.
	ATTN_BIN=$(CURDIR)/$(BIN) $(SWIFT) test --disable-swift-testing --filter '$(TERMINAL_TESTS)'
	$(BIN) run examples/*.attn > /dev/null
	@echo "example scripts ran without error"
	# Last, so its closing line "N passed, N failed" ends the run.
	$(BIN) check examples/ docs/

bench: setup
	$(SWIFT) build -c release --product attn
	$(SWIFT) build -c release --product attn-bench
	python3 bench/run.py

# libFuzzer with AddressSanitizer on every reader of untrusted input (Fuzz/,
# a package of its own over the AttnFuzzing library): FUZZ_SECONDS per target,
# findings minimised into Fuzz/Regressions/<target>/ (which make test
# replays), non-zero exit on a finding. FUZZ_TARGETS picks some; CORPUS is
# the shared corpus for seeds. The sanitizers are ONE flag: two separate
# -sanitize flags silently drop the fuzzer's coverage. (Fuzz/ names the main
# package by path, so the repository's folder must not itself be named fuzz:
# SwiftPM would take both for the same package.)
FUZZ_SECONDS ?= 300
FUZZ_TARGETS ?= attn python claim doc-attn doc-markdown doc-notebook doc-text npy csv history
CORPUS ?= ../shared/corpus

fuzz-build: setup
	@# lld: gold fails to link the harnesses (an internal error in format_file_lineno).
	@# SwiftPM keeps the main package's file list in its build plan: a source file
	@# added since the last build would be missing. Planning again costs seconds.
	rm -f Fuzz/.build/release.yaml
	cd Fuzz && $(SWIFT) build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld

fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) CORPUS=$(CORPUS) Fuzz/run.sh $(FUZZ_TARGETS)

# The unit tests under AddressSanitizer (with LeakSanitizer), ThreadSanitizer
# (the kernels are multi-threaded) and UndefinedBehaviorSanitizer (for the C
# kernels: swiftc has no -sanitize=undefined, so clang instruments the C
# targets and the test bundle links UBSan's runtime). Each in a build folder
# of its own. Left out: the CLI tests, which run the release binary in
# another process (so nothing sanitized) and whose harness only exercises
# Foundation's Process and Data; likewise the terminal tests that start the
# binary (PTYTests, ShellEndToEndTests, ShellInterruptTests). The line
# editor's terminal tests, in-process, run alone after the others, as in make
# test. Leak suppressions: Tests/Sanitizers/lsan.supp,
# matched against the five frames nearest each allocation.
SANITIZE_SKIP := AttnCLITests|$(TERMINAL_TESTS)
SANITIZE_TERMINAL := LineEditorTerminalTests|LineEditorPromptTests
UBSAN_RT = $(shell clang -print-file-name=libclang_rt.ubsan_standalone-x86_64.so)
UBSAN_FLAGS = -Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=undefined \
	-Xlinker -rpath -Xlinker $(dir $(UBSAN_RT)) -Xlinker $(UBSAN_RT)
ASAN_ENV = ASAN_OPTIONS=malloc_context_size=5:detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/Sanitizers/lsan.supp:print_suppressions=1
TSAN_ENV = TSAN_OPTIONS=halt_on_error=1
UBSAN_ENV = UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

sanitize: setup
	$(SWIFT) build -c release --product attn
	$(ASAN_ENV) ATTN_BIN=$(CURDIR)/$(BIN) $(SWIFT) test --sanitize=address --build-path .build-asan --disable-swift-testing --parallel --skip '$(SANITIZE_SKIP)'
	$(ASAN_ENV) ATTN_BIN=$(CURDIR)/$(BIN) $(SWIFT) test --sanitize=address --build-path .build-asan --disable-swift-testing --filter '$(SANITIZE_TERMINAL)'
	$(TSAN_ENV) ATTN_BIN=$(CURDIR)/$(BIN) $(SWIFT) test --sanitize=thread --build-path .build-tsan --disable-swift-testing --parallel --skip '$(SANITIZE_SKIP)'
	$(TSAN_ENV) ATTN_BIN=$(CURDIR)/$(BIN) $(SWIFT) test --sanitize=thread --build-path .build-tsan --disable-swift-testing --filter '$(SANITIZE_TERMINAL)'
	$(UBSAN_ENV) ATTN_BIN=$(CURDIR)/$(BIN) $(SWIFT) test $(UBSAN_FLAGS) --build-path .build-ubsan --disable-swift-testing --parallel --skip '$(SANITIZE_SKIP)'
	$(UBSAN_ENV) ATTN_BIN=$(CURDIR)/$(BIN) $(SWIFT) test $(UBSAN_FLAGS) --build-path .build-ubsan --disable-swift-testing --filter '$(SANITIZE_TERMINAL)'
	@echo "sanitize: the unit tests are clean under AddressSanitizer, ThreadSanitizer and UndefinedBehaviorSanitizer"

clean:
	rm -rf .build .build-asan .build-tsan .build-ubsan Fuzz/.build
