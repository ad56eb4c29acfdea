#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-stable: the stable series (stable/) alone on the base, in
# build/base, run: its debug kernel boots once per zpool with the workload
# and the fault injection, then runs the short stress (compaction, writeback
# and a zpool switch, which destroys the old pool: the slot leaks the fixes
# close show up there as "Slab cache still has objects").  make check
# already applies, checkpatches and builds the stable patches; CI does not
# run these boots.  Logs in build/logs/stable/.
#
# STABLE_BASE=6.1 make check-stable: the same on Debian's linux-source-6.1,
# with the fixes as stable/6.1/series lists them (a hand port where 6.1
# needs one), in build/linux-6.1; logs in build/logs/stable-6.1/.
. "$(dirname "$0")/check.sh"

K=$BASE_TREE
if [ "$STABLE_BASE" = 6.12 ]; then
	LOGS=$BUILD/logs/stable
	INITRD=$BUILD/initramfs-stable.cpio.gz
else
	INITRD=$BUILD/initramfs-stable-$STABLE_BASE.cpio.gz
fi
CHECK_TREE=$K
export LOGS INITRD CHECK_TREE
mkdir -p "$LOGS"

# A run of KUnit case z3fold.$1 alone, in the tree as it is: it must end
# with status $2 (PASS or FAIL), by name.  usage: bite_run NAME PASS|FAIL
bite_run() {
	local name=$1 want=$2 rc=0 KARGS KFRAGS
	kunit_args "$K" || return 1
	kunit_py_run "$LOGS/bite.json" "$LOGS/bite.out" "z3fold.$name" || rc=$?
	grep -E "^\[[0-9:]{8}\] +(#|Expected|\[(PASSED|FAILED|SKIPPED)\])|BUG:|WARNING:" "$LOGS/bite.out" | head -n 20 || true
	echo "kunit.py exit $rc (log: ${LOGS#"$TOP"/}/bite.out)"
	python3 "$TOP/scripts/judge.py" kunit-case --json "$LOGS/bite.json" --case "z3fold.$name" --want "$want"
}

# Another base (STABLE_BASE=6.1): the fix commit $1, reverted on top of
# the tree (the reproducers' commit stays), makes its reproducer fail by
# name: the KUnit case its changelog names ("Reproducer: the KUnit
# case(s) NAME") fails, in a run of that case alone.  A reproducer whose
# paragraph says it needs a uniprocessor kernel runs on one (make
# check-ports' kunit-up.config, one vCPU), first with the fix, where it
# must pass, then reverted.
# usage: check_bite COMMIT
check_bite() {
	local c=$1 para name
	para=$(git -C "$K" log -1 --format=%B "$c" | sed -n '/^Reproducer:/,/^$/p' | tr '\n' ' ')
	name=$(echo "$para" | sed -n 's/^Reproducer: the KUnit cases\{0,1\} \([a-z0-9_]*\).*/\1/p')
	[ -n "$name" ] || { echo "$(git -C "$K" log -1 --format=%s "$c"): its changelog names no KUnit case as its reproducer"; return 1; }
	grep -q "^static void $name(struct kunit \*test)" "$K/$KUNIT_SRC" ||
		{ echo "$name, the reproducer its changelog names, is not in $KUNIT_SRC"; return 1; }
	case $para in
	*"uniprocessor kernel"*)
		KUNIT_DIR=.kunit-up KUNIT_CPUS=1 KUNIT_CONFIGS=$TOP/configs/kunit-up.config
		echo "$name needs a uniprocessor kernel: x86_64 without SMP, one vCPU (${KUNIT_DIR})"
		bite_run "$name" PASS ;;
	esac
	trap "git -C $(printf %q "$K") reset -q --hard $(git -C "$K" rev-parse HEAD)" EXIT
	# A later fix may have changed the lines around this one's (6.1's own
	# fix 4 adds a line after fix 2's): then undo its diff with patch's
	# fuzz, and say so.
	if ! git -C "$K" revert --no-edit "$c" >"$LOGS/bite-revert.log" 2>&1; then
		git -C "$K" revert --abort
		git -C "$K" show --format= "$c" | (cd "$K" && patch -R -p1 -F3 --no-backup-if-mismatch) ||
			{ echo "$(git -C "$K" log -1 --format=%s "$c"): cannot be undone on top of the later fixes"; return 1; }
		echo "undone with patch -R (context fuzz: a later fix touches its lines)"
	fi
	echo "reverted: $(git -C "$K" log -1 --format=%s "$c")"
	bite_run "$name" FAIL
	echo "$name failed by name with the fix reverted"
}

# The reproducers' commit (STABLE_DIR/tests/series) on top of the fixes;
# one that does not apply fails the stage and leaves the fixes as they were.
apply_tests() {
	local p
	series_patches "$STABLE_DIR/tests" | grep -q . || { echo "${STABLE_DIR#"$TOP"/}/tests/series lists no patch"; return 1; }
	for p in $(series_patches "$STABLE_DIR/tests"); do
		git -C "$K" am -q --whitespace=nowarn --committer-date-is-author-date "$p" ||
			{ git -C "$K" am --abort; echo "${p#"$TOP"/} does not apply on the fixes"; return 1; }
		echo "applied: $(git -C "$K" log -1 --format=%s)"
	done
}

# ONLY=REGEX (STABLE_BASE=6.1 ONLY=bite make check-stable) keeps these
ONLY_NEEDS="stable-apply kernel-debug initramfs reproducers-apply"
counts_init "$LOGS/check-stable-summary.txt"
rm -f "$LOGS"/check-*.console "$LOGS"/stress-*.console "$LOGS"/check-*.results "$LOGS"/stress-*.results
expect stable-apply kernel-debug initramfs
for z in $ZPOOLS; do expect "boot-$z" "faults-$z" "stress-short-$z"; done
# On another base, make check's checkpatch and per-patch builds of the
# stable commits are not there to lean on: they run here; and so do the
# reproducers, and each fix reverted alone (bite-N).
if [ "$STABLE_BASE" != 6.12 ]; then
	expect series bisect-w1-sparse bisect-nocompaction reproducers-apply kunit
	for p in $(series_patches "$STABLE_DIR"); do
		expect "checkpatch-$(basename "$p" .patch | cut -c1-4)" "bite-$(basename "$p" .patch | cut -c1-4)"
	done
fi
log "make check-stable: $(series_patches "$STABLE_DIR" | wc -l) stable patches (${STABLE_DIR#"$TOP"/}) on $BASE_PACKAGE"
stage stable-apply "$TOP/scripts/tree.sh" stable
stage_passed stable-apply || counts_finish
if [ "$STABLE_BASE" != 6.12 ]; then
	# its series file, sign-offs, and the cover letter's 6.1.N (the base's)
	stage series check_series "$STABLE_DIR"
	for p in $(series_patches "$STABLE_DIR"); do
		stage "checkpatch-$(basename "$p" .patch | cut -c1-4)" check_checkpatch "$p"
	done
	bisect_stages "" "$EDITION_CONFIG"
fi
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
# The reproducers (STABLE_BASE=6.1): the 6.12 suite's z3fold cases, ported
# to 6.1 (stable/6.1/tests/: a test commit that goes to no tree), pass on
# the fixes; then each fix, reverted alone, makes its own case fail.
if [ "$STABLE_BASE" != 6.12 ]; then
	fixes=$(git -C "$K" rev-list --reverse base..HEAD)
	stage reproducers-apply apply_tests
	if stage_passed reproducers-apply; then
		stage kunit check_kunit
		n=0
		for c in $fixes; do
			n=$((n + 1))
			stage "bite-$(printf %04d "$n")" check_bite "$c"
		done
	fi
fi
counts_finish
