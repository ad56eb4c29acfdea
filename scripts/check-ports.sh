#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-ports: the 6.12 series' KUnit suite where pages differ from
# x86_64's: on i386 with HIGHMEM (configs/kunit-i386.config), where
# zsmalloc's pages have no permanent kernel address and every access must
# go through kmap_local_zpdesc(), in build/check/.kunit-i386.  Judged as
# make check's kunit stage is (scripts/judge.py: every suite and case the
# source defines ran, none failed; a skip expected-skips does not list
# fails), and zsmalloc_highmem must pass there, not skip: it proves the
# pool's pages were in HIGHMEM.  Not in .ci/run: a kernel of its own, cold
# (see the README's times).  The last line is "N passed, N failed, N skipped".
. "$(dirname "$0")/check.sh"

LOGS=$LOGS/ports
mkdir -p "$LOGS"
counts_init "$LOGS/check-ports-summary.txt"
expect apply ports-i386-kunit ports-i386-highmem
stage apply "$TOP/scripts/tree.sh" check
stage_passed apply || counts_finish
# The HIGHMEM case ran and passed: a kernel whose zspages all landed in the
# direct map would prove nothing about kmap_local_zpdesc().
highmem_ran() {
	python3 - "$LOGS/kunit.json" <<'PY'
import json, sys
def walk(g):
    yield from g.get("test_cases", [])
    for s in g.get("sub_groups", []):
        yield from walk(s)
st = [c["status"] for c in walk(json.load(open(sys.argv[1]))) if c["name"] == "zsmalloc_highmem"]
print("zsmalloc_highmem:", st or "never ran")
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
counts_finish
