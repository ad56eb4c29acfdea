#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-ports: the series' KUnit suite where pages differ from
# x86_64's (lib.sh's kunit_port): on i386 with HIGHMEM
# (configs/kunit-i386.config), where zsmalloc's pages have no permanent
# kernel address and every access must go through kmap_local_zpdesc(), in
# build/check/.kunit-i386 (with MAINLINE=1, the 7.2 suite in
# build/mainline-check/.kunit-i386).  Judged as make check's kunit stage
# is (scripts/judge.py: every suite and case the source defines ran, none
# failed; a skip expected-skips does not list fails), and the edition's
# HIGHMEM case must pass there, not skip: it proves the pool's pages were
# in HIGHMEM.  With MAINLINE=1 also on arm64 with 64 KiB pages
# (configs/kunit-arm64-64k.config, build/mainline-check/.kunit-arm64),
# judged the same way.  Without MAINLINE=1 also on a uniprocessor x86_64
# kernel (configs/kunit-up.config: SMP off, PREEMPT, KASAN, no lockdep, one
# vCPU; build/check/.kunit-up), where z3fold's cases reproduce stable fix 6
# and the cases that need two CPUs skip (kunit-up: in expected-skips).
# Not in .ci/run: kernels of their own, cold (see the
# README's times).  The last line is "N passed, N failed, N skipped".
. "$(dirname "$0")/check.sh"

LOGS=$LOGS/ports
mkdir -p "$LOGS"
counts_init "$LOGS/check-ports-summary.txt"
# The arm64 run's QEMU.
if [ "${MAINLINE:-0}" = 1 ]; then PACKAGES="$PACKAGES qemu-system-arm"; ensure_packages; fi
expect apply ports-i386-kunit
if [ "${MAINLINE:-0}" = 1 ]; then expect ports-arm64-64k-kunit; else expect ports-up-kunit; fi
stage apply "$TOP/scripts/tree.sh" check
stage_passed apply || counts_finish
kunit_port i386
stage ports-i386-kunit check_kunit
if [ "${MAINLINE:-0}" = 1 ]; then
	kunit_port arm64-64k
	stage ports-arm64-64k-kunit check_kunit
else
	kunit_port up
	stage ports-up-kunit check_kunit
fi
counts_finish
