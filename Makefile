# SPDX-License-Identifier: GPL-2.0
# The workbench of the zpdesc series: one entry point.  See README.md.
# DURATION= and PAIRS= given on the command line reach the scripts through
# the environment; the scripts hold their defaults.
ZPOOL ?= zsmalloc

.PHONY: check-ports decode figures help run check check-stable check-mainline selftest-harness selftest-judge mutate fuzz stress bench tree export outgoing clean
help:
	@echo "make run [ZPOOL=zsmalloc|z3fold|zbud]  boot the patched kernel, push memory through zswap, verify it"
	@echo "make check                             the full verdict on the series (the CI test command)"
	@echo "make check-stable [STABLE_BASE=6.1]    the stable series alone: boots and stress per zpool (on 6.1 also"
	@echo "                                       per-patch builds, the ported reproducers, each fix reverted)"
	@echo "make check-mainline                    the mainline series (mainline/) on Linux 7.2: checkpatch, builds, KUnit, guests"
	@echo "make check-ports                       the 6.12 KUnit suite on i386 with HIGHMEM (kmap_local_zpdesc() for real)"
	@echo "make selftest-harness                  make check's own test: injected faults it must catch"
	@echo "make decode LOG=FILE [KERNEL=DIR]      a splat's call trace with file:line (builds DIR's kernel with line info)"
	@echo "make figures                           the README's table of stage times, from the last runs' JSON in build/logs"
	@echo "make selftest-judge                    the judge's unit tests on the samples of scripts/test_data (seconds)"
	@echo "make mutate [MUTATE_BOOT=1]            the tests' measure: mutants of the code they must kill"
	@echo "make fuzz [SEED=n] [STEPS=5000]        the KUnit random walk, longer and with another seed (MAINLINE=1: 7.2)"
	@echo "make stress [ZPOOL=..] [DURATION=360]  the debug kernel under stress, per zpool (default all three)"
	@echo "make bench [PAIRS=5]                   base against patched: code size and speed, side by side"
	@echo "make tree [MAINLINE=1]                 build/linux (build/mainline): base + series as git commits, to work in"
	@echo "make export [MAINLINE=1|STABLE_BASE=6.1] write build/linux's (build/mainline's, build/linux-6.1's) commits back to patches/ (mainline/, stable/6.1/)"
	@echo "make outgoing [MAINLINE=1|STABLE=1]    the committed series with your git identity and get_maintainer.pl's To:/Cc:, in build/outgoing/, and as a b4 branch checked with b4 prep --check"
	@echo "make clean                             remove build/ (the kernel tree too: export first)"

run:
	@scripts/run.sh $(ZPOOL)

check:
	@scripts/check.sh

check-stable:
	@scripts/check-stable.sh

check-mainline:
	@scripts/check-mainline.sh

check-ports:
	@scripts/check-ports.sh

selftest-harness:
	@scripts/harness-test.sh

selftest-judge:
	@python3 scripts/judge_test.py

decode:
	@scripts/decode.sh

figures:
	@python3 scripts/judge.py figures build/logs --readme README.md

mutate:
	@scripts/mutate.sh

fuzz:
	@scripts/fuzz.sh

stress:
	@scripts/stress.sh $(if $(filter command line environment,$(origin ZPOOL)),$(ZPOOL))

bench:
	@scripts/bench.sh

tree:
	@scripts/tree.sh dev

export:
	@scripts/export.sh

outgoing:
	@scripts/outgoing.sh

clean:
	rm -rf build
