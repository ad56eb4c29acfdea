#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make selftest-harness: the test of make check itself.  Each fault below is
# injected on a scratch copy (of the repo under build/harness, or as a
# commit on top of build/check that is dropped afterwards; never on
# patches/) and the stages of make check that should catch it are run on
# it.  A fault is caught when that verdict fails with the expected message
# and nothing was skipped (but what expected-skips lists).  Controls, the
# same guest stages on good input, must pass: a harness that failed
# everything would prove nothing.
# Ends with "N of N faults caught" and "N passed, N failed".
. "$(dirname "$0")/check.sh"

# Bad input fails before anything is built.
case ${HARNESS_SET:-full} in
full|ci) ;;
*) die "HARNESS_SET=$HARNESS_SET: the sets are full (the default) and ci" ;;
esac
H=$BUILD/harness
rm -rf "$H"
mkdir -p "$H"
caught=0 missed=0 controls=0 controls_bad=0 n=0
SUITE=lib/test_zpdesc_kunit.c
BISECT_FRAGS=("$TOP/configs/zpool.config" "$TOP/configs/guest.config" "$TOP/configs/bisect.config")

# The kernel tree the faults start from: build/check at a clean series tip
# (as make check leaves it), with the debug kernel and initramfs built.
if [ -z "$(git -C "$K" rev-list base..HEAD 2>/dev/null)" ] ||
   [ -n "$(git -C "$K" status --porcelain --untracked-files=no)" ]; then
	"$TOP/scripts/tree.sh" check
fi
TIP=$(git -C "$K" rev-parse HEAD)
"$TOP/scripts/kernel.sh" "$K" debug
"$TOP/scripts/initramfs.sh" "$K" "$INITRD"
restore_tip() { git -C "$K" checkout -q -f --detach "$TIP"; }
WB_EXIT_HOOK=restore_tip

# A scratch copy of the repo (no build/), for faults in series or configs.
scratch_top() {
	local d=$H/top-$1
	mkdir -p "$d"
	cp -r "$TOP/scripts" "$TOP/configs" "$TOP/guest" "$TOP/patches" "$TOP/series" "$d/"
	[ ! -f "$TOP/expected-skips" ] || cp "$TOP/expected-skips" "$d/"
	echo "$d"
}

# A commit on top of the tip, made by function FUNC run in build/check.
# usage: fault_commit SUBJECT FUNC
fault_commit() {
	restore_tip
	(cd "$K" && "$2")
	# A body and a sign-off, so that checkpatch's verdict on it is about
	# the change alone.
	git -C "$K" -c user.name=harness -c user.email=harness@example.org \
		commit -q -a -s -m "harness: $1" -m "The harness injects this fault: $1."
}

# Run the stages of CMD (a function calling stage) with a count of their
# own in log folder $H/NAME, as make check would; its output goes to
# verdict.txt, its progress lines to the terminal.
# usage: verdict NAME CMD... ; sets vrc (the verdict's exit status)
verdict() {
	local name=$1
	shift
	mkdir -p "$H/$name"
	set +e
	(
		set -e
		LOGS=$H/$name STAGE_AFTER=
		counts_init "$LOGS/summary.txt"
		"$@"
		counts_finish
	) 2>&1 | tee "$H/$name/verdict.txt" | grep --line-buffered -E '^(\[[0-9:]{8}\] |  guest\| )' >&2
	vrc=${PIPESTATUS[0]}
	set -e
}

# HARNESS_ONLY=REGEX runs the faults and controls whose names match it
# (the guest faults read the console of the control guest-zsmalloc: select
# it too).  usage: selected NAME
# HARNESS_SET=ci (what .ci/run runs) leaves out the faults of FULL_ONLY:
# each is a second fault of a kind the CI set already proves on the same
# judge (a per-patch build, a KUnit run, a guest boot), and each costs a
# build or a boot.  make selftest-harness alone runs them all.
# kunit-case-fails is one too: each mutant of make mutate's CI set is
# killed through the same check_kunit (a case's FAIL fails the stage), and
# judge_test.py's KUnit failures test the judge's side of it.
FULL_ONLY="build-break w1-warning kunit-case-fails kunit-all-skipped kunit-suite-dropped digest-behaviour-change
guest-zsmalloc guest-bypasses-zswap stress-worker-bypasses-zswap
kernel-log-passes-for-results"
not_in_set=""
selected() {
	if [ "${HARNESS_SET:-full}" = ci ] && [[ " $(echo $FULL_ONLY) " == *" $1 "* ]]; then
		[[ "$not_in_set " == *" $1 "* ]] || not_in_set="$not_in_set $1"
		return 1
	fi
	[ -z "${HARNESS_ONLY:-}" ] || [[ $1 =~ $HARNESS_ONLY ]]
}

# usage: fault NAME EXPECTED-REGEX CMD...: the verdict must fail, every
# stage CMD ran must fail (none passed, none skipped), and the regex must
# match its output or a stage log.
fault() {
	local name=$1 want=$2 why="" skipped
	shift 2
	selected "$name" || return 0
	n=$((n + 1))
	log "harness: fault $n: $name"
	verdict "$name" "$@"
	restore_tip
	[ "$vrc" -ne 0 ] || why="the verdict passed (exit 0)"
	# A SKIP that expected-skips lists (a zbud KUnit case) is no escape.
	skipped=$({ grep '^SKIP' "$H/$name/summary.txt" 2>/dev/null || true; } | grep -v '\[expected: ' || true)
	[ -z "$skipped" ] || why="$why; a stage was skipped"
	! grep -q '^PASS' "$H/$name/summary.txt" 2>/dev/null || why="$why; a stage passed: $(grep -m1 '^PASS' "$H/$name/summary.txt" | cut -c1-60)"
	grep -qsE "$want" "$H/$name"/* ||
		why="$why; no message matching /$want/"
	if [ -z "$why" ]; then
		caught=$((caught + 1))
		echo "caught  $name: $(grep -hm1 -E "$want" "$H/$name"/* | head -n1 | cut -c1-150)"
	else
		missed=$((missed + 1))
		echo "MISSED  $name:${why#;} (see ${H#"$TOP"/}/$name)"
	fi
}

# usage: control NAME CMD...: the same kind of verdict on good input passes.
control() {
	local name=$1
	shift
	selected "$name" || return 0
	log "harness: control $name"
	verdict "$name" "$@"
	if [ "$vrc" -eq 0 ]; then
		controls=$((controls + 1))
		echo "control $name: passed ($(grep -c '^PASS' "$H/$name/summary.txt") stages)"
	else
		controls_bad=$((controls_bad + 1))
		echo "CONTROL $name FAILED: $(grep '^FAIL' "$H/$name/summary.txt" | head -n 3 | tr '\n' ';')"
	fi
}

# ---- the stage machinery itself ---------------------------------------------
tool_exit_2() { stage tar-exit-2 tar -xf "$H/no-such.tar"; }
fault tool-exits-2 'tar-exit-2 +exit 2' tool_exit_2

went_on() { false; echo "went on after a failing step"; }
body_errexit() { stage errexit went_on; }
fault failing-step-in-stage 'FAIL +errexit' body_errexit

ignored_ctx() { stage ignored true || true; }
fault stage-called-from-or 'called where errexit is ignored' ignored_ctx

skip_unlisted() { stage unlisted-skip skip "harness: a skip expected-skips does not list"; }
fault unexpected-skip 'unexpected SKIP' skip_unlisted

fake_skip() { stage fake-skip sh -c 'exit 77'; }
fault exit-77-without-skip 'fake-skip +exit 77' fake_skip

never_ran() { expect a-stage-that-never-runs; }
fault expected-stage-never-ran 'a-stage-that-never-runs +never ran' never_ran

# Stages run beside the others (stages_beside, as make check's per-patch
# builds beside its guests): a failure among them fails the verdict when
# they are joined, and so does a group that stops before it has written
# its results.
beside_fails() {
	stages_beside "a failing stage" stage beside-false false
	stages_join
}
fault beside-stage-fails 'beside-false +exit 1' beside_fails
beside_dies() {
	stages_beside "a group that stops" exit 3
	stages_join
}
fault beside-stops-early 'stopped early' beside_dies

# ---- the series ----------------------------------------------------------------
# Change the first context line of the first hunk of patch file $1, so
# that it no longer applies.
corrupt_patch() {
	awk '/^@@/ {h = 1} h == 1 && /^ / {$0 = " harness-corrupted" $0; h = 2} 1' "$1" >"$1.new"
	mv "$1.new" "$1"
	grep -q '^ harness-corrupted' "$1"
}

bad_apply() {
	local d
	d=$(scratch_top bad-apply)
	corrupt_patch "$d/patches/$(grep -m1 -v -e '^#' -e cover-letter "$d/series")"
	TOP=$d stage apply "$d/scripts/tree.sh" check
}
fault patch-does-not-apply 'patch 1/[0-9]+ does not apply' bad_apply

# The last line of series without its newline, and that last patch
# broken: every stage reads the series the same way, so apply must meet it.
last_line() {
	local d
	d=$(scratch_top last-line)
	corrupt_patch "$d/patches/$(grep -v -e '^#' -e cover-letter "$d/series" | tail -n 1)"
	printf '%s' "$(cat "$d/series")" >"$d/series"
	[ "$(tail -c 1 "$d/series" | od -An -c | tr -d ' ')" != '\n' ]
	TOP=$d stage apply "$d/scripts/tree.sh" check
}
fault series-last-line-no-newline 'patch ([0-9]+)/\1 does not apply' last_line

# A cover letter that names a release of the base's line other than the
# base's own (the stable cover letter once named 6.12.117 on 6.12.118).
wrong_release() {
	local d v
	d=$(scratch_top wrong-release)
	v=$(base_kernel_version)
	v=${v%.*}.$((${v##*.} + 1))
	sed -i "0,/^$/s//\nTested on Linux $v too./" "$d/patches/0000-cover-letter.patch"
	grep -qF "Linux $v too" "$d/patches/0000-cover-letter.patch"
	SERIES_DIR=$d stage series check_series
}
fault cover-letter-wrong-release 'the cover letter names .*, but the base is' wrong_release

empty_series() {
	local d
	d=$(scratch_top empty)
	rm -f "$d"/patches/*.patch
	echo "# empty" >"$d/series"
	TOP=$d SERIES_DIR=$d
	expect series apply bisect-w1-sparse kunit docs
	stage series check_series
	stage apply "$d/scripts/tree.sh" check
	stage bisect-w1-sparse check_bisect bisect "${BISECT_FRAGS[@]}"
	stage kunit check_kunit
	stage docs check_docs
}
fault empty-series 'the series is empty|series lists no patch' empty_series

# usage: bisect_fault SUBJECT FUNC: the per-patch build of one commit on
# top of the tip, made by FUNC.
bisect_fault() {
	fault_commit "$1" "$2"
	BISECT_RANGE=$TIP..HEAD stage bisect-w1-sparse check_bisect bisect "${BISECT_FRAGS[@]}"
}
add_build_break() { echo 'int harness_break = harness_undefined_symbol;' >>mm/zsmalloc.c; }
fault build-break 'mm/zsmalloc.o: the build failed' \
	bisect_fault "break the build of mm/zsmalloc.o" add_build_break

# A W=1 warning in a header outside mm/ (include/linux/mm_types.h): the
# per-patch build must still build objects that include it.
add_header_warning() { sed -i 's/^#endif \/\* _LINUX_MM_TYPES_H \*\/$/static int harness_header_unused(void) { return 0; }\n&/' include/linux/mm_types.h; grep -q harness_header_unused include/linux/mm_types.h; }
fault bisect-header-warning 'NEW warnings' bisect_fault "a W=1 warning in include/linux/mm_types.h" add_header_warning

# A global function with no prototype: -Wmissing-prototypes (W=1) and
# sparse's "should it be static?".
add_w1_warning() { echo 'int harness_w1_warning(void) { return 0; }' >>mm/zsmalloc.c; }
fault w1-warning 'NEW warnings' bisect_fault "add a W=1 warning to mm/zsmalloc.c" add_w1_warning

# A new BUG_ON (not a retyped one): checkpatch's AVOID_BUG must not be
# tolerated there.
add_new_bug() { sed -i '0,/^unsigned long zs_malloc(/s//&/; /^unsigned long zs_malloc(/,/^{/s/^{$/{\n\tBUG_ON(!pool);/' mm/zsmalloc.c; grep -q 'BUG_ON(!pool);' mm/zsmalloc.c; }
new_bug() {
	local p
	fault_commit "a new BUG_ON in zs_malloc()" add_new_bug
	p=$(git -C "$K" format-patch -1 -o "$H/new-bug" HEAD)
	stage checkpatch-new-bug check_checkpatch "$p"
}
fault checkpatch-new-bug '^WARNING:AVOID_BUG' new_bug

# A new VM_BUG_ON: checkpatch's AVOID_BUG covers it as it covers BUG_ON,
# and the count of retyped BUG lines must see it too.
add_new_vm_bug() { sed -i '/^unsigned long zs_malloc(/,/^{/s/^{$/{\n\tVM_BUG_ON(!pool);/' mm/zsmalloc.c; grep -q 'VM_BUG_ON(!pool);' mm/zsmalloc.c; }
new_vm_bug() {
	local p
	fault_commit "a new VM_BUG_ON in zs_malloc()" add_new_vm_bug
	p=$(git -C "$K" format-patch -1 -o "$H/new-vm-bug" HEAD)
	stage checkpatch-new-vm-bug check_checkpatch "$p"
}
fault checkpatch-new-vm-bug '^WARNING:AVOID_BUG' new_vm_bug

dropped_config() {
	local d
	d=$(scratch_top dropped)
	# ZSWAP selects ZPOOL: olddefconfig turns it back on, against the
	# fragment.
	sed -i 's/^CONFIG_ZPOOL=y$/# CONFIG_ZPOOL is not set/' "$d/configs/zpool.config"
	stage compile-x86_64-nomemcg cross harness-dropped x86_64 "" "$d/configs/zpool.config"
}
fault config-fragment-dropped 'config for .*harness-dropped dropped: ' dropped_config

# ---- the stable series' builds ----------------------------------------------
# stable-builds takes the verdicts of the series' per-patch builds when
# each stable commit leaves the series' tree: then a failed series build
# must fail it too.  (build/base is put at the stable tip first: make
# check's docs stage leaves it at the base.)
# usage: series_builds_failed: both per-patch build stages as failed.
series_builds_failed() {
	stage bisect-w1-sparse false
	stage bisect-nocompaction false
}
stable_series_failed() {
	"$TOP/scripts/tree.sh" stable
	series_builds_failed
	STAGE_AFTER= stage stable-builds check_stable_builds
}
fault stable-builds-series-failed "the series' per-patch builds failed" stable_series_failed

# A stable commit whose tree is not the series' (a build break on top of
# the stable tip in build/base): the stable series is then built on its
# own, and that build fails.
stable_tree_differs() {
	"$TOP/scripts/tree.sh" stable
	echo 'int harness_break = harness_undefined_symbol;' >>"$BASE_TREE/mm/z3fold.c"
	git -C "$BASE_TREE" -c user.name=harness -c user.email=harness@example.org \
		commit -q -a -s -m "harness: break the build of mm/z3fold.o" -m "The harness injects this fault."
	series_builds_failed
	STAGE_AFTER= stage stable-builds check_stable_builds
	git -C "$BASE_TREE" reset -q --hard HEAD~1
}
fault stable-tree-differs 'mm/z3fold.o: the build failed' stable_tree_differs

# ---- KUnit -------------------------------------------------------------------------
# A new case that fails, first in the first case array of the suite.
add_failing_case() {
	perl -0pi -e 's/^(static struct kunit_case \w+\[\] = \{\n)/static void harness_deliberate_failure(struct kunit *test)\n{\n\tKUNIT_FAIL(test, "harness: deliberate failure");\n}\n\n$1\tKUNIT_CASE(harness_deliberate_failure),\n/m' "$SUITE"
	grep -q 'KUNIT_CASE(harness_deliberate_failure)' "$SUITE"
}
# usage: kunit_fault SUBJECT FUNC: the KUnit stage on a commit made by FUNC.
kunit_fault() {
	fault_commit "$1" "$2"
	stage kunit check_kunit
}
fault kunit-case-fails 'FAIL: .*harness_deliberate_failure' \
	kunit_fault "a KUnit case that fails" add_failing_case

# A change of behaviour that keeps every byte: zs_compact() stops after the
# first size class it freed pages from.  The KUnit suites pass it: their run
# on the fault's tip is the digest stage's input, outside this verdict, and
# must pass, or the fault would be caught by something else.  The digest
# stage, patch 7 (the base with the stable fixes) against that tip, fails.
compact_one_class() {
	perl -0pi -e 's/^(\t\tpages_freed \+= __zs_compact\(pool, class\);\n)/$1\t\tif (pages_freed)\n\t\t\tbreak;\n/m' mm/zsmalloc.c
	grep -q '^		if (pages_freed)$' mm/zsmalloc.c
}
digest_fault() {
	fault_commit "$1" "$2"
	TIP=$(git -C "$K" rev-parse HEAD)
	if ! check_kunit >"$LOGS/kunit-run.log" 2>&1; then
		echo "the KUnit suites failed on the fault (see kunit-run.log): not a change that only the digest can see"
		return 1
	fi
	seen[kunit]=PASS
	stage digest check_digest
}
fault digest-behaviour-change 'zsmalloc/[0-9] (compact|compact2|migrate|thin|empty): differs' \
	digest_fault "zs_compact() stops after the first class that freed pages" compact_one_class

# Every suite of the file (each initializer with a .name) gets an init that
# skips the case.
add_skip_all() {
	perl -0pi -e 's/^\t\.init = \w+,\n//mg; s/(\.name = "[^"]*",)/$1 .init = harness_skip_all,/g; s/^(static struct kunit_suite )/static int harness_skip_all(struct kunit *test)\n{\n\tkunit_skip(test, "harness: every case skipped");\n\treturn 0;\n}\n\n$1/m' "$SUITE"
	grep -q '\.init = harness_skip_all' "$SUITE"
}
fault kunit-all-skipped 'no case passed' kunit_fault "a KUnit suite whose cases all skip" add_skip_all

# A suite left out of kunit_test_suites() (its cases never run, none
# fails): the source defines it, so the judge must miss it.
drop_suite() {
	perl -0pi -e 's/^(kunit_test_suites\(.*?), &zt_suites\[4\]\)/$1)/m' "$SUITE"
	! grep -q 'zt_suites\[4\])' "$SUITE"
}
fault kunit-suite-dropped 'suite zbud never ran' kunit_fault "drop the zbud suite from kunit_test_suites()" drop_suite

# ---- guests ---------------------------------------------------------------------------
# The control boot: what make check runs for zsmalloc, on good input.
good_boot() {
	stage boot-zsmalloc check_boot zsmalloc
	stage faults-zsmalloc check_faults zsmalloc
	stage kselftest-zsmalloc check_kselftest zsmalloc
}
control guest-zsmalloc good_boot
good=$H/guest-zsmalloc/check-zsmalloc.console
# With HARNESS_ONLY leaving the control out, the console faults start from
# the last make check's zsmalloc console.
if ! selected guest-zsmalloc; then
	good=$LOGS/check-zsmalloc.console
	log "harness: the console faults start from ${good#"$TOP"/} (the control boot was not selected)"
fi

corrupt_boot() { stage boot-zsmalloc check_boot zsmalloc wb.corrupt=5 wb.faults=0 wb.ksft=0; }
fault guest-corrupt-page '1 corrupt pages' corrupt_boot

no_zswap_boot() { stage boot-zsmalloc check_boot zsmalloc zswap.enabled=0 wb.faults=0 wb.ksft=0; }
fault guest-bypasses-zswap 'zswap path FAIL' no_zswap_boot

# A guest that ran nothing, and whose kernel log (the console) holds every
# line of a finished, clean boot (wb.kmsg_results=1: init writes them to
# /dev/kmsg): judged from the console they would pass; on the results port
# there is nothing of it.
kmsg_results_boot() { stage boot-zsmalloc check_boot zsmalloc wb.kmsg_results=1 wb.faults=0 wb.ksft=0; }
fault kernel-log-passes-for-results 'the guest did not finish' kmsg_results_boot

# The results of a control boot (see boot.sh) go with its console, as
# they are or changed by the sed script $1.  usage: good_results [SED]
good_results() {
	sed "${1:-}" "$(results_of "$good")" >"$(results_of "$LOGS/check-zsmalloc.console")"
}

warning_console() {
	local con=$LOGS/check-zsmalloc.console
	sed '$a WARNING: CPU: 1 PID: 42 at mm/zsmalloc.c:1234 zs_free+0x1/0x2' "$good" >"$con"
	good_results
	stage boot-zsmalloc judge_console "$con" zsmalloc
}
fault console-warning 'console splat: WARNING' warning_console

# The two serial ports mixed up (as an -device isa-serial once did: it
# took ttyS0, so the kernel's messages, a splat among them, went to the
# results file and the console kept QEMU's banner alone): the splat judge
# would read an empty console.
mixed_ports() {
	local con=$LOGS/check-zsmalloc.console
	printf 'QEMU 7.2.22 monitor - type '\''help'\'' for more information\n' >"$con"
	cat "$good" "$(results_of "$good")" >"$(results_of "$con")"
	stage boot-zsmalloc judge_console "$con" zsmalloc
}
fault serial-ports-mixed 'no kernel banner in the console' mixed_ports

leaky_console() {
	local con=$LOGS/check-zsmalloc.console
	# A kselftest run that leaked its cgroup (a test killed on its timeout)
	cp "$good" "$con"
	good_results '/^WB: kselftest left /s/cgroups=/cgroups=zswap_test_42 /'
	stage kselftest-zsmalloc check_kselftest zsmalloc
}
fault kselftest-leaves-state 'the kselftests changed the settings' leaky_console

# A kselftest that skipped, the last skip of the console and one that
# expected-skips does not list: it must fail the stage by name.
last_skip_console() {
	local con=$LOGS/check-zsmalloc.console
	cp "$good" "$con"
	good_results '/^WB: kselftest exit/i ok 99 harness_last_test # SKIP harness: the last skip'
	stage kselftest-zsmalloc check_kselftest zsmalloc
}
fault kselftest-last-skip 'unexpected kselftest SKIP: kselftest-zsmalloc:harness_last_test' last_skip_console

# A stress worker whose pages cannot go to zswap (its cgroup's
# memory.zswap.max is 0): its own proof of the zswap path must fail, not
# be made by the other workers' traffic.
stress_bypass() {
	stage stress-short-zsmalloc env NO_PREP=1 LOGS="$LOGS" DURATION=20 STRESS_KNOBS=wb.stress_nozswap=2 \
		"$TOP/scripts/stress.sh" zsmalloc
}
fault stress-worker-bypasses-zswap 'zswap path FAIL.*stress-2/memory.stat' stress_bypass

# The judges of make check's other boots, on the good results of the last
# make check's stress boot with one line changed by the sed script $1.
stress_console() {
	local res=$LOGS/stress-zsmalloc.results
	sed "$1" "$BUILD/logs/stress-zsmalloc.results" >"$res"
	if cmp -s "$res" "$BUILD/logs/stress-zsmalloc.results"; then echo "the sed script changed nothing"; return 1; fi
	stage stress-short-zsmalloc stress_figures "$res" zsmalloc z3fold $((64 << 20))
}
fault stress-switch-not-taken 'the switch to z3fold did not take' \
	stress_console 's/^\(WB: stress switched zpool: write exit 0, reads \)[a-z0-9]*,/\1zsmalloc,/'
fault stress-corrupt-page 'FAIL: 1 corrupt pages' \
	stress_console 's/^WB: stress corrupt_pages 0$/WB: stress corrupt_pages 1/'

# A stress boot whose guest printed no counter samples: no CSV, no plot,
# and the stress stage fails rather than report nothing.
stress_no_samples() {
	local res=$LOGS/stress-zsmalloc.results
	sed '/^WB: stress sample /d' "$BUILD/logs/stress-zsmalloc.results" >"$res"
	if cmp -s "$res" "$BUILD/logs/stress-zsmalloc.results"; then echo "the results had no samples to remove"; return 1; fi
	stage stress-short-zsmalloc stress_series "$res" zsmalloc "$LOGS/stress-zsmalloc"
}
fault stress-no-samples 'FAIL: no counter samples' stress_no_samples

bogus_silent() {
	grep -v 'zpool bogus not available' "$BUILD/logs/check-bogus.console" >"$LOGS/check-bogus.console"
	stage boot-bogus-zpool bogus_said_why "$LOGS/check-bogus.console" zsmalloc
}
fault bogus-zpool-silent "no 'zpool bogus not available" bogus_silent

stale_console() {
	# A good console left from an earlier run; this run's boot dies
	# before QEMU starts (no kernel image).
	cp "$good" "$LOGS/check-zsmalloc.console"
	good_results
	K=$H/no-such-tree
	stage boot-zsmalloc check_boot zsmalloc
	stage faults-zsmalloc check_faults zsmalloc
	stage kselftest-zsmalloc check_kselftest zsmalloc
}
fault stale-console "no console from this run's boot-zsmalloc" stale_console

echo
[ -z "$not_in_set" ] || echo "not in HARNESS_SET=ci (make selftest-harness runs them):$not_in_set"
echo "$caught of $n faults caught; controls: $controls of $((controls + controls_bad)) passed"
echo "$((caught + controls)) passed, $((missed + controls_bad)) failed"
[ "$missed" -eq 0 ] && [ "$controls_bad" -eq 0 ]
