#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make fuzz [SEED=n] [STEPS=n] [MAINLINE=1]: the KUnit suite's seeded
# random walk, longer and with another seed than make check's, on the
# series tip as make check builds it (KASAN, lockdep, two vCPUs): for 6.12,
# zpool.zpool_random_walk (zsmalloc, z3fold and zbud against a model of
# the pool) in build/check; with MAINLINE=1, zsmalloc.test_random_walk
# in build/mainline-check, as make check-mainline builds it.  SEED
# defaults to a random one, printed first; STEPS to 5000 a walk.  A
# failure names the seed and the step: SEED= replays it.  The last line is
# "N passed, N failed, N skipped".
. "$(dirname "$0")/check.sh"

if [ "${MAINLINE:-0}" = 1 ]; then
	WALK=zsmalloc.test_random_walk WALK_MODULE=zsmalloc_kunit
else
	WALK=zpool.zpool_random_walk WALK_MODULE=test_zpdesc_kunit
fi
SEED=${SEED:-$((RANDOM * 32768 + RANDOM + 1))}
STEPS=${STEPS:-5000}
case $SEED in ''|*[!0-9]*|0) die "SEED must be a number from 1 to 4294967295, not '$SEED'" ;; esac
case $STEPS in ''|*[!0-9]*|0) die "STEPS must be a positive number, not '$STEPS'" ;; esac
[ "${#SEED}" -lt 10 ] || [ "$SEED" -le 4294967295 ] || die "SEED must be at most 4294967295"
replay="make fuzz SEED=$SEED STEPS=$STEPS"
[ "${MAINLINE:-0}" != 1 ] || replay="MAINLINE=1 $replay"
log "make fuzz: $WALK, seed $SEED, $STEPS steps a walk (replay: $replay)"
counts_init "$LOGS/fuzz-summary.txt"
expect fuzz-tree fuzz
stage fuzz-tree "$TOP/scripts/tree.sh" check
stage_passed fuzz-tree || counts_finish
# The walks of 5000 steps take minutes each under TCG with KASAN.
# kunit.py takes the filter glob as a positional argument.
KUNIT_ARGS=("$WALK"
	--kernel_args="$WALK_MODULE.walk_seed=$SEED"
	--kernel_args="$WALK_MODULE.walk_steps=$STEPS")
mkdir -p "$LOGS/fuzz"
LOGS=$LOGS/fuzz KUNIT_ALL=0 KUNIT_TIMEOUT=${KUNIT_TIMEOUT:-$((600 + STEPS))} stage fuzz check_kunit
counts_finish
