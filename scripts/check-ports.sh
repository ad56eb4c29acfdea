#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-ports: the series' KUnit suite where pages differ from
# x86_64's: on i386 with HIGHMEM (configs/kunit-i386.config), where
# zsmalloc's pages have no permanent kernel address and every access must
# go through kmap_local_zpdesc(), in build/check/.kunit-i386 (with
# MAINLINE=1, the 7.2 suite in build/mainline-check/.kunit-i386).  Judged
# as make check's kunit stage is (scripts/judge.py: every suite and case
# the source defines ran, none failed; a skip expected-skips does not list
# fails), and the HIGHMEM case must pass there, not skip: it proves the
# pool's pages were in HIGHMEM.  With MAINLINE=1 also on arm64 with 64 KiB
# pages (configs/kunit-arm64-64k.config, build/mainline-check/.kunit-arm64),
# judged the same way.  Not in .ci/run: kernels of their own, cold (see the
# README's times).  The last line is "N passed, N failed, N skipped".
. "$(dirname "$0")/check.sh"

LOGS=$LOGS/ports
mkdir -p "$LOGS"
counts_init "$LOGS/check-ports-summary.txt"
# The arm64 run's QEMU.
if [ "${MAINLINE:-0}" = 1 ]; then PACKAGES="$PACKAGES qemu-system-arm"; ensure_packages; fi
# The case that proves the pool's pages were in HIGHMEM.
if [ "${MAINLINE:-0}" = 1 ]; then HIGHMEM_CASE=zs_test_highmem; else HIGHMEM_CASE=zsmalloc_highmem; fi
expect apply ports-i386-kunit ports-i386-highmem
[ "${MAINLINE:-0}" != 1 ] || expect ports-arm64-64k-kunit
stage apply "$TOP/scripts/tree.sh" check
stage_passed apply || counts_finish
# The HIGHMEM case ran and passed: a kernel whose zspages all landed in the
# direct map would prove nothing about kmap_local_zpdesc().
highmem_ran() {
	python3 - "$LOGS/kunit.json" "$HIGHMEM_CASE" <<'PY'
import json, sys
def walk(g):
    yield from g.get("test_cases", [])
    for s in g.get("sub_groups", []):
        yield from walk(s)
st = [c["status"] for c in walk(json.load(open(sys.argv[1]))) if c["name"] == sys.argv[2]]
print(sys.argv[2] + ":", st or "never ran")
sys.exit(0 if st == ["PASS"] else 1)
PY
}
KUNIT_ARCH=i386 KUNIT_DIR=.kunit-i386 KUNIT_CONFIGS=$TOP/configs/kunit-i386.config
KUNIT_TAG="i386 HIGHMEM" KUNIT_ARGS=(--qemu_args "-m 2048")
stage ports-i386-kunit check_kunit
if stage_passed ports-i386-kunit; then
	stage ports-i386-highmem highmem_ran
else
	stage ports-i386-highmem sh -c 'echo "no i386 KUnit run"; exit 1'
fi
if [ "${MAINLINE:-0}" = 1 ]; then
	KUNIT_ARCH=arm64 KUNIT_DIR=.kunit-arm64 KUNIT_CONFIGS=$TOP/configs/kunit-arm64-64k.config
	KUNIT_CROSS=aarch64-linux-gnu- KUNIT_TAG="arm64 64K pages" KUNIT_ARGS=()
	# its skips are named kunit-arm64-64k:SUITE.CASE in expected-skips
	KUNIT_PREFIX=kunit-arm64-64k
	KUNIT_TIMEOUT=${KUNIT_TIMEOUT:-1800}
	stage ports-arm64-64k-kunit check_kunit
fi
counts_finish
