#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make run: the patched guest kernel, booted with zswap on ZPOOL, fills more
# memory than it has, reads it all back, and prints zswap's counters.
. "$(dirname "$0")/lib.sh"

zpool=${1:-zsmalloc}
check_zpool "$zpool"
"$TOP/scripts/tree.sh" sync
"$TOP/scripts/kernel.sh" "$TREE" run
"$TOP/scripts/initramfs.sh" "$TREE" "$BUILD/initramfs-run.cpio.gz"
if verdict=$("$TOP/scripts/boot.sh" "$TREE/.o-run/arch/x86/boot/bzImage" \
	"$BUILD/initramfs-run.cpio.gz" "$zpool" "$LOGS/run-$zpool.console" wb.fill=150); then
	grep -E '^(zswap after-store|workload: .*(checked|zswap path))' "$LOGS/run-$zpool.results"
	log "PASS: every byte came back through zswap on $zpool"
else
	echo "$verdict"
	log "FAIL: make run on $zpool (console: ${LOGS#"$TOP"/}/run-$zpool.console, results: run-$zpool.results)"
	exit 1
fi
