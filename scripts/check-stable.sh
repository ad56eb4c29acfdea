#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-stable: the stable series (stable/) alone on the base, in
# build/base, run: its debug kernel boots once per zpool with the workload
# and the fault injection, then runs the short stress (compaction, writeback
# and a zpool switch, which destroys the old pool: the slot leaks the fixes
# close show up there as "Slab cache still has objects").  make check
# already applies, checkpatches and builds the stable patches; CI does not
# run these boots.  Logs in build/logs/stable/.
. "$(dirname "$0")/check.sh"

K=$BASE_TREE
LOGS=$BUILD/logs/stable
INITRD=$BUILD/initramfs-stable.cpio.gz
CHECK_TREE=$K
export LOGS INITRD CHECK_TREE
mkdir -p "$LOGS"

counts_init "$LOGS/check-stable-summary.txt"
rm -f "$LOGS"/check-*.console "$LOGS"/stress-*.console "$LOGS"/check-*.results "$LOGS"/stress-*.results
expect stable-apply kernel-debug initramfs
for z in $ZPOOLS; do expect "boot-$z" "faults-$z" "stress-short-$z"; done
log "make check-stable: $(series_patches "$TOP/stable" | wc -l) stable patches on the base"
stage stable-apply "$TOP/scripts/tree.sh" stable
stage_passed stable-apply || counts_finish
stage kernel-debug "$TOP/scripts/kernel.sh" "$K" debug
stage_passed kernel-debug || counts_finish
# The stable tree has no zswap kselftests: the initramfs holds the
# workload only.
stage initramfs "$TOP/scripts/initramfs.sh" "$K" "$INITRD"
stage_passed initramfs || counts_finish
for z in $ZPOOLS; do
	stage "boot-$z" check_boot "$z" wb.ksft=0
	stage "faults-$z" check_faults "$z"
done
for z in $ZPOOLS; do
	stage "stress-short-$z" env NO_PREP=1 DURATION="${STRESS_SECONDS:-60}" "$TOP/scripts/stress.sh" "$z"
done
counts_finish
