#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-mainline: the verdict on the mainline series (mainline/), the
# part of the work that still has a home upstream, on Linux 7.2 (Debian's
# linux-source-7.2, downloaded once).  It runs in build/mainline-check, a
# pristine base + series worktree, and logs to build/logs/mainline: the
# series' form, git am, checkpatch --strict per patch, every patch built
# with W=1 and sparse (with shims: see lib.sh) with and without COMPACTION,
# the KUnit suites under QEMU x86_64 with KASAN, the trace test's digests
# at patch 2 and at the tip (equal), and debug guests of base and
# tip: the workload through zswap, upstream's cgroup test_zswap (the
# tip's results must be the base's, and its new cases must pass), a
# zram smoke test, and the KUnit suite run in LIVE_RUNS (10) boots of the
# tip's guest while zram and zswap are busy there (KASAN).
# MAINLINE_BOOT=0 (.ci/run) leaves the guests out, as one SKIP.  The last line is "N passed, N failed, N skipped".
export MAINLINE=1
. "$(dirname "$0")/check.sh"

counts_init "$LOGS/check-summary.txt"
# Every verdict comes from this run: no console of an earlier one survives.
rm -f "$LOGS"/check-*.console "$LOGS"/check-*.results
expect_series_stages mainline-
expect mainline-kunit mainline-digest mainline-guest
[ "${MAINLINE_BOOT:-1}" = 0 ] || expect mainline-guest-base mainline-boot-base \
	mainline-boot mainline-kselftest mainline-kselftest-vs-base mainline-zram \
	mainline-kunit-live
LIVE_RUNS=${LIVE_RUNS:-10}

log "make check-mainline: $(series_patches | wc -l) patches in mainline/series"
series_stages mainline-
bisect_stages mainline- "$EDITION_CONFIG"
stage mainline-kunit check_kunit
# No functional change, by comparison: the trace test at patch 2 (the base
# with the suite) and at the tip must print the same digests.
stage mainline-digest check_digest
if [ "${MAINLINE_BOOT:-1}" = 0 ]; then
	stage mainline-guest skip "MAINLINE_BOOT=0: no 7.2 debug guest (cold, it would bring .ci/run too close to 90 min); make check-mainline boots it"
	counts_finish
fi
stage mainline-guest-base build_guest base mainline-base
stage mainline-guest build_guest "$TIP" mainline-tip
if stage_passed mainline-guest-base; then
	BOOT_AS=base KIMAGE=$BUILD/guest-mainline-base.bzImage INITRD=$BUILD/guest-mainline-base.cpio.gz \
		stage mainline-boot-base check_boot zsmalloc
fi
if stage_passed mainline-guest; then
	BOOT_AS=tip KIMAGE=$BUILD/guest-mainline-tip.bzImage INITRD=$BUILD/guest-mainline-tip.cpio.gz \
		stage mainline-boot check_boot zsmalloc
	stage mainline-kselftest check_kselftest tip
	stage mainline-kselftest-vs-base check_ksft_same base tip
	stage mainline-zram check_zram tip
	# The suite, built into the tip's guest, in LIVE_RUNS boots while zram
	# and zswap are busy there.
	KIMAGE=$BUILD/guest-mainline-tip.bzImage INITRD=$BUILD/guest-mainline-tip.cpio.gz \
		stage mainline-kunit-live check_kunit_live "$LIVE_RUNS"
fi
counts_finish
