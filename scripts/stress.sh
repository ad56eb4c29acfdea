#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make stress [ZPOOL=...] [DURATION=seconds]: on the debug kernel of make
# check, per zpool, five workers verify and rewrite their memory under
# memory cgroup limits while compaction runs every second, one cgroup's
# small memory.zswap.max forces writeback and the zpool switches half-way.
# Reports the bytes through zswap, migrations, writebacks, swap device
# traffic, corrupt pages and console splats.
#   stress.sh [ZPOOL...]   (NO_PREP=1, from make check: the debug kernel
#                          and initramfs are built; no stages of its own)
. "$(dirname "$0")/lib.sh"

DURATION=${DURATION:-360}
case $DURATION in
''|0|*[!0-9]*) die "DURATION must be a number of seconds above 0, not '$DURATION'" ;;
esac
# Under TCG with the debug kernel about 190 MB pass through zswap per minute
# here (1146-1296 MB per zpool in 300 s runs, which take 380-409 s): a run
# of 300 s or longer must move at least 1 GiB per zpool, a shorter one (make
# check's 60 s, which moved 430-540 MB) at least 64 MiB.  MIN_BYTES
# overrides.
MIN_BYTES=${MIN_BYTES:-$( [ "$DURATION" -ge 300 ] && echo $((1 << 30)) || echo $((64 << 20)) )}
zpools=${*:-$ZPOOLS}
for z in $zpools; do check_zpool "$z"; done

if [ -z "${NO_PREP:-}" ]; then
	counts_init "$LOGS/stress-summary.txt"
	"$TOP/scripts/tree.sh" check
	"$TOP/scripts/kernel.sh" "$CHECK_TREE" debug
	"$TOP/scripts/initramfs.sh" "$CHECK_TREE" "$INITRD"
fi

# One stress boot; prints the figures and fails on any broken expectation
# (boot.sh judges the boot as every boot's; stress_figures, in lib.sh,
# the stress lines of its results).  STRESS_KNOBS adds guest knobs (the harness's).
stress_one() {
	local z=$1 con=$LOGS/stress-$1.console bad=0 want
	want=$(next_zpool "$z")
	MEM=512 TIMEOUT=$((DURATION * 3 + 900)) "$TOP/scripts/boot.sh" \
		"${KIMAGE:-$(debug_image "$CHECK_TREE")}" "$INITRD" "$z" "$con" \
		"wb.stress=$DURATION" "wb.switch=$want" ${STRESS_KNOBS:-} || bad=1
	stress_figures "$(results_of "$con")" "$z" "$want" "$MIN_BYTES" || bad=1
	stress_series "$(results_of "$con")" "$z" "$LOGS/stress-$z" || bad=1
	return "$bad"
}

if [ -n "${NO_PREP:-}" ]; then
	for z in $zpools; do stress_one "$z"; done
	exit 0
fi
for z in $zpools; do expect "stress-$z"; done
for z in $zpools; do
	stage "stress-$z" stress_one "$z"
done
counts_finish
