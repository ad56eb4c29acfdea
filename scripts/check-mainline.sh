#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-mainline: the verdict on the mainline series (mainline/), the
# part of the work that still has a home upstream, on Linux 7.2 (Debian's
# linux-source-7.2, downloaded once).  It runs in build/mainline-check, a
# pristine base + series worktree, and logs to build/logs/mainline: the
# series' form, git am, checkpatch --strict per patch, every patch built
# with W=1 and sparse with and without COMPACTION, and the KUnit suite under
# QEMU x86_64 with KASAN.  The last line is "N passed, N failed, N skipped".
export MAINLINE=1
. "$(dirname "$0")/check.sh"

counts_init "$LOGS/check-summary.txt"
expect_series_stages mainline-
expect mainline-kunit

log "make check-mainline: $(series_patches | wc -l) patches in mainline/series"
series_stages mainline- "$TOP/configs/mainline.config"
stage mainline-kunit check_kunit
counts_finish
