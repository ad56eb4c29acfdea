#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: the whole verdict on the series, on a pristine base + series
# worktree (build/check).  Each stage prints PASS, FAIL or SKIP; the last line
# is "N passed, N failed, N skipped".  Sourced (by harness-test.sh), it only
# defines the stages.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

K=$CHECK_TREE

# ---- series and patches --------------------------------------------------

# The base's kernel release (6.12.118): the one the base commit's subject
# names (make_base writes "Linux X.Y.Z from Debian's ..."), or, before
# any base was committed, its Debian package's.
base_kernel_version() {
	local v t
	for t in "$CHECK_TREE" "$TREE"; do
		v=$(git -C "$t" log -1 --format=%s base 2>/dev/null | sed -n 's/^Linux \([0-9][0-9.]*\) from .*/\1/p' || true)
		[ -z "$v" ] || { echo "$v"; return 0; }
	done
	v=${BASE_VERSION:-$(dpkg-query -W -f='${Version}' "$BASE_PACKAGE" 2>/dev/null || true)}
	echo "${v%%-*}"
}

# DIR/series (default: this edition's series) lists exactly the files in
# DIR/patches/, and at least one; every patch has a sign-off, a body, and a
# subject with a known subsystem prefix.  usage: check_series [DIR]
check_series() {
	local dir=${1:-$SERIES_DIR} listed present p f body bad=0 v wrong
	listed=$({ grep -v '^[[:space:]]*#' "$dir/series" || true; } | sed '/^[[:space:]]*$/d' | sort)
	present=$(cd "$dir/patches" && ls -1 -- *.patch 2>/dev/null | sort) || true
	[ -n "$(series_patches "$dir")" ] || { echo "the series is empty: series lists no patch"; bad=1; }
	# A release of the base's line that the cover letter names (a tree
	# it applies to, a tree it was tested on) is the base's own release.
	v=$(base_kernel_version)
	if [ -n "$v" ] && [ -f "$dir/patches/0000-cover-letter.patch" ]; then
		wrong=$(grep -oE "(^|[^0-9.])${v%.*}\.[0-9]+" "$dir/patches/0000-cover-letter.patch" |
			sed 's/^[^0-9]//' | sort -u | grep -vxF "$v" || true)
		[ -z "$wrong" ] || { echo "the cover letter names $(echo $wrong), but the base is $v ($BASE_PACKAGE)"; bad=1; }
	fi
	# Every later stage reads the series through series_patches: it must
	# see every patch listed here (a last line without its newline too).
	[ "$(series_patches "$dir" | wc -l)" -eq "$(echo "$listed" | grep -vc cover-letter)" ] ||
		{ echo "series_patches reads $(series_patches "$dir" | wc -l) patches, series lists $(echo "$listed" | grep -vc cover-letter)"; bad=1; }
	if [ "$listed" != "$present" ]; then
		echo "series and patches/ differ:"
		diff <(echo "$listed") <(echo "$present") | grep '^[<>]' || true
		bad=1
	fi
	# git format-patch --base writes base-commit: into the cover letter, or
	# into the first patch where there is none.
	p=$(echo "$listed" | head -n 1)
	[ -z "$p" ] || grep -q '^base-commit: ' "$dir/patches/$p" ||
		{ echo "$p: no base-commit: (export with make export)"; bad=1; }
	while read -r p; do
		[ -n "$p" ] || continue
		f=$dir/patches/$p
		case $p in *cover-letter*)
			grep -q '\*\*\* \(SUBJECT\|BLURB\) HERE \*\*\*' "$f" &&
				{ echo "$p: the cover letter is still git's template"; bad=1; }
			continue ;;
		esac
		grep -q '^Signed-off-by: .* <.*@.*>' "$f" || { echo "$p: no Signed-off-by:"; bad=1; }
		grep -qE '^Subject: \[PATCH[^]]*\] (mm/zpdesc|mm/zsmalloc|mm/z3fold|mm/zbud|mm/zswap|mm/zpool|mm|lib|selftests/zswap|selftests/cgroup|Documentation/mm|MAINTAINERS): ' "$f" ||
			{ echo "$p: subject lacks a known subsystem prefix: $(grep -m1 '^Subject:' "$f")"; bad=1; }
		# The body: the lines between the headers and the first trailer.
		body=$(awk '/^$/ && !h {h=1; next} h && /^(Signed-off-by|---)/ {exit} h' "$f" | grep -c '[a-z]' || true)
		[ "$body" -ge 2 ] || { echo "$p: the commit message has no body saying why"; bad=1; }
	done <<<"$listed"
	[ "$bad" -eq 0 ] || return 1
	echo "$(series_patches "$dir" | wc -l) patches: series matches patches/, each signed off, with a body and a known prefix"
}

# The stable series (stable/): a series of its own, and each patch carries
# Fixes: and Cc: stable, and is the same change (patch id) as the main
# series' patch at its place, so the two cannot drift apart.
check_stable_series() {
	local bad=0 s m n=0
	check_series "$TOP/stable" || bad=1
	paste -d' ' <(series_patches "$TOP/stable") <(series_patches | sed -n "1,$(series_patches "$TOP/stable" | wc -l)p") |
	while read -r s m; do
		n=$((n + 1))
		grep -qE '^Fixes: [0-9a-f]{12,} \(".+"\)$' "$s" || { echo "stable patch $n: no Fixes: tag"; bad=1; }
		grep -qi '^Cc: stable@vger.kernel.org' "$s" || { echo "stable patch $n: no Cc: stable@vger.kernel.org"; bad=1; }
		[ "$(git patch-id --stable <"$s" | cut -d' ' -f1)" = "$(git patch-id --stable <"$m" | cut -d' ' -f1)" ] ||
			{ echo "stable patch $n ($(basename "$s")) differs from the series' patch $n ($(basename "$m"))"; bad=1; }
		[ "$bad" -eq 0 ]
	done || bad=1
	[ "$bad" -eq 0 ] || return 1
	echo "$(series_patches "$TOP/stable" | wc -l) stable patches: Fixes:, Cc: stable, the same changes as the series' first ones"
}

# The stable series' per-patch builds.  Each stable patch is the series'
# patch of the same number (stable-series compares their patch-ids), so
# each stable commit should leave the very tree of the series' commit of
# the same number, which bisect-w1-sparse and bisect-nocompaction already
# built: when every tree is the same, their verdicts are these builds'
# verdicts, and nothing is built twice.  When a tree differs (or those
# stages did not run, under ONLY=), the stable series is built on its own,
# patch by patch, in both configs, in build/base.
# usage: check_stable_builds
check_stable_builds() {
	local stable series n=0 s c diff="" frags
	stable=$(git -C "$BASE_TREE" rev-list --reverse base..HEAD)
	[ -n "$stable" ] || { echo "build/base holds no stable commit"; return 1; }
	# sed, not head: head stops reading after N lines, and git rev-list,
	# which flushes each line into a pipe, then dies of SIGPIPE; under
	# pipefail that is the stage's exit status (141), on a loaded
	# machine where head runs before git has written every line.
	series=$(git -C "$K" rev-list --reverse "base..$TIP" | sed -n "1,$(echo "$stable" | wc -l)p")
	while read -r s c; do
		n=$((n + 1))
		[ -n "$c" ] && [ "$(git -C "$BASE_TREE" rev-parse "$s^{tree}")" = "$(git -C "$K" rev-parse "$c^{tree}")" ] ||
			diff="$diff $n"
	done < <(paste -d' ' <(echo "$stable") <(echo "$series"))
	if [ -z "$diff" ] && [ -n "${seen[bisect-w1-sparse]:-}" ] && [ -n "${seen[bisect-nocompaction]:-}" ]; then
		if ! stage_passed bisect-w1-sparse || ! stage_passed bisect-nocompaction; then
			echo "the series' per-patch builds failed (at one of its patches, maybe beyond patch $n: see those stages), and the $n stable commits leave the trees of its first $n, whose builds are those stages'"
			return 1
		fi
		echo "each of the $n stable commits leaves the tree of the series' commit of its number (git rev-parse C^{tree}): built and passed in bisect-w1-sparse and bisect-nocompaction"
		return 0
	fi
	if [ -n "$diff" ]; then
		echo "stable commit(s)$diff leave a tree the series' commit of the same number does not: building the stable series on its own"
	else
		echo "the series' per-patch builds did not run here: building the stable series on its own"
	fi
	frags=("$TOP/configs/zpool.config" "$TOP/configs/guest.config" "$TOP/configs/bisect.config")
	(K=$BASE_TREE; check_bisect bisect "${frags[@]}")
	(K=$BASE_TREE; check_bisect bisect-nocompaction "${frags[@]}" "$TOP/configs/nocompaction.config")
}

# ---- checkpatch --strict ---------------------------------------------------
# Clean means no ERROR, WARNING or CHECK, with these exceptions, each printed
# as tolerated with its reason, never hidden:
# - the two CHECKs checkpatch raises on every _Generic cast macro (struct
#   slab's and struct ptdesc's included): CamelCase on the keyword itself,
#   and argument reuse in a _Generic whose unselected branches are never
#   evaluated;
# - AVOID_BUG on a BUG the conversion only retypes (VM_BUG_ON_PAGE(...,
#   page) becoming VM_BUG_ON_ZPDESC(..., zpdesc)): tolerated when the
#   patch removes at least as many BUG lines as it adds, and on the
#   definition of VM_BUG_ON_ZPDESC() itself; a new BUG is not tolerated;
# - UNKNOWN_COMMIT_ID in a Fixes: tag, or on a commit cited the canonical
#   way in the message, its 12-digit id followed by ("subject"): the
#   workbench's tree holds one commit, so checkpatch cannot look up
#   mainline ids (each fix's message says what its Fixes: target was
#   checked against).  An id cited any other way still fails.
check_checkpatch() {
	local out f added removed bugre
	f=$(realpath "$1")
	out=$(cd "$K" && scripts/checkpatch.pl --strict --show-types "$f" 2>&1) || true
	# No verdict line means checkpatch itself did not run through.
	echo "$out" | grep -q '^total: [0-9]* errors, [0-9]* warnings, [0-9]* checks' ||
		{ echo "$out"; echo "checkpatch gave no verdict"; return 1; }
	# The BUG lines as checkpatch's AVOID_BUG sees them: BUG(), BUG_ON()
	# and every prefixed or suffixed variant (VM_BUG_ON_PAGE()), not
	# BUILD_BUG_ON() and its kin.
	bugre='\b(?!AA_|BUILD_|DCCP_|IDA_|KVM_|RWLOCK_|snd_|SPIN_)(?:[a-zA-Z_]*_)?BUG(?:_ON)?(?:_[A-Z_]+)?\s*\('
	added=$(grep -P "^\\+(?!\\+\\+ ).*$bugre" "$f" | grep -cvE 'define VM_BUG_ON_ZPDESC|VM_BUG_ON_PAGE\(cond, zpdesc_page\(zpdesc\)\)' || true)
	removed=$(grep -cP "^-(?!-- ).*$bugre" "$f" || true)
	echo "$out" | awk -v retyped=$((added <= removed)) '
		/^(ERROR|WARNING|CHECK):/ {if (blk != "") flush(); blk = $0; next}
		blk != "" && /^$/ {flush(); next}
		blk != "" {blk = blk "\n" $0}
		END {if (blk != "") flush(); printf "%d findings, %d tolerated\n", bad, tol; exit bad > 0}
		function first() {return substr(blk, 1, index(blk "\n", "\n") - 1)}
		function ok(why) {tol++; print "tolerated (" why "): " first()}
		function flush() {
			if (blk ~ /^CHECK:CAMELCASE: Avoid CamelCase: <_Generic>/ ||
			    (blk ~ /^CHECK:MACRO_ARG_REUSE:/ && blk ~ /_Generic/))
				ok("_Generic")
			else if (blk ~ /^WARNING:AVOID_BUG:/ &&
				 blk ~ /define VM_BUG_ON_ZPDESC|VM_BUG_ON_PAGE\(cond, zpdesc_page\(zpdesc\)\)/)
				ok("the definition of VM_BUG_ON_ZPDESC")
			else if (blk ~ /^WARNING:AVOID_BUG:/ && retyped)
				ok("a retyped BUG: the patch removes as many BUG lines as it adds")
			else if (blk ~ /^WARNING:UNKNOWN_COMMIT_ID:/ && blk ~ /Fixes:/)
				ok("a mainline id in Fixes:, not in this one-commit tree")
			else if (blk ~ /^WARNING:UNKNOWN_COMMIT_ID:/ &&
				 blk ~ /[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f] \("/)
				ok("a mainline id cited with its subject, not in this one-commit tree")
			else {
				bad++; print blk "\n"
			}
			blk = ""
		}'
}

# ---- per-patch builds ----------------------------------------------------
# The objects of the zpool world: what a change with no narrower map (a
# header outside mm/, a Kconfig, a Makefile) must still build (those an
# edition lacks, such as z3fold in 7.2, are left out when built).
ZPOOL_OBJECTS="mm/zsmalloc.o mm/z3fold.o mm/zbud.o mm/zpool.o mm/zswap.o lib/test_zpdesc_kunit.o mm/tests/zsmalloc_kunit.o"

# Objects to build for commit $1: the .c files it touches, every file of
# mm/ and lib/ that includes an mm/ or include/linux/z*.h header it
# touches, and, for anything else the kernel is built from (another
# header such as include/linux/mm_types.h, a Kconfig, a Makefile), the
# zpool objects: every one of them includes the common headers, and the
# other includers of such a header need not be in this config.
# Documentation, MAINTAINERS, the selftests and the kunitconfig have
# stages of their own.
touched_objects() {
	local c=$1 f
	git -C "$K" diff-tree --no-commit-id --name-only -r "$c" | while read -r f; do
		case $f in
		mm/*.c|lib/*.c) echo "${f%.c}.o" ;;
		mm/*.h|include/linux/z*.h)
			git -C "$K" grep -l "$(basename "$f")" "$c" -- 'mm/*.c' 'lib/*.c' |
				sed "s|^$c:||; s|\.c$|.o|" || true ;;
		Documentation/*|MAINTAINERS|tools/testing/selftests/*|*.kunitconfig) ;;
		*) echo "$ZPOOL_OBJECTS" | tr ' ' '\n' ;;
		esac
	done | sort -u
}

# Build objects $3.. in O=$2 with W=1 and sparse (C=$SPARSE, CF=$SPARSE_CF);
# write their warnings, normalized (no line numbers) so they compare across
# commits, to file $1.
# Fails, naming the object, when one does not build: a build failure is a
# failure whatever the baseline holds.
build_warnings() {
	local out=$1 obj=$2 o msgs
	shift 2
	: >"$out"
	for o in "$@"; do
		[ -f "$K/${o%.o}.c" ] || continue
		rm -f "$obj/$o"
		msgs=$(make -C "$K" O="$obj" CC="ccache gcc" -j"$JOBS" W=1 C="$SPARSE" CF="$SPARSE_CF" "$o" 2>&1) ||
			{ echo "$o: the build failed:"; echo "$msgs" | grep -E 'error|Error' | head -n 5; return 1; }
		[ -f "$obj/$o" ] || { echo "$o: make succeeded but built no object"; return 1; }
		echo "$msgs" | { grep -E 'warning:|error:' || true; } |
			sed -E 's/:[0-9]+:[0-9]+:/:/; s/:[0-9]+:/:/' >>"$out"
	done
}

# Every commit of BISECT_RANGE (default base..HEAD) builds the objects it
# touches with W=1 and sparse, with no warning the base lacks.
# usage: check_bisect OBJDIR-SUFFIX fragment...
check_bisect() {
	local obj=$K/.o-$1 range=${BISECT_RANGE:-base..HEAD} tip commits c n=0 total bad=0 objs new f
	shift
	tip=$(git -C "$K" rev-parse HEAD)
	commits=$(git -C "$K" rev-list --reverse "$range")
	[ -n "$commits" ] || { echo "the series is empty: no patch to build"; return 1; }
	total=$(echo "$commits" | wc -l)
	# Whatever happens, leave the tree at the commit it was at (the trap
	# runs after this function's locals are gone: expand them now).
	trap "git -C $(printf %q "$K") checkout -q -f --detach $tip" EXIT
	git -C "$K" checkout -q --detach base
	configure_kernel "$K" "$obj" x86_64 "$@"
	make -C "$K" O="$obj" CC="ccache gcc" -j"$JOBS" prepare >"$LOGS/bisect-prepare.log" 2>&1 ||
		{ tail -n 20 "$LOGS/bisect-prepare.log"; echo "make prepare failed at base"; return 1; }
	# The base's warnings for every object any patch touches.
	objs=$(for c in $commits; do touched_objects "$c"; done | sort -u)
	log "bisect: base warnings for $(echo $objs)"
	build_warnings "$LOGS/bisect-base.raw" "$obj" $objs || { echo "the base does not build"; return 1; }
	sort -u "$LOGS/bisect-base.raw" >"$LOGS/bisect-base.warn"
	echo "base: $(wc -l <"$LOGS/bisect-base.warn") warnings (the baseline)"
	for c in $commits; do
		n=$((n + 1))
		git -C "$K" checkout -q --detach "$c"
		f=$(git -C "$K" log -1 --format=%s "$c")
		objs=$(touched_objects "$c")
		# The selftest directories the commit touches build without warnings.
		for d in $(git -C "$K" diff-tree --no-commit-id --name-only -r "$c" |
			   sed -n 's|^tools/testing/selftests/\([^/]*\)/.*|\1|p' | sort -u); do
			make -s -C "$K/tools/testing/selftests/$d" >"$LOGS/bisect-ksft.log" 2>&1 ||
				{ echo "patch $n: selftests/$d does not build"; bad=1; }
			if grep 'warning:' "$LOGS/bisect-ksft.log"; then echo "patch $n: selftests/$d warnings"; bad=1; fi
			make -s -C "$K/tools/testing/selftests/$d" clean >/dev/null 2>&1 || true
		done
		if ! build_warnings "$LOGS/bisect-patch.raw" "$obj" $objs; then
			echo "patch $n ($f): does not build"
			bad=1
			continue
		fi
		new=$(sort -u "$LOGS/bisect-patch.raw" | comm -23 - "$LOGS/bisect-base.warn")
		if [ -n "$new" ]; then
			echo "patch $n ($f): NEW warnings:"
			echo "$new" | sed 's/^/    /'
			bad=1
		else
			echo "patch $n ($f): ok [$(echo $objs)]"
		fi
		log "bisect: patch $n/$total built"
	done
	[ "$bad" -eq 0 ] || return 1
	echo "$total patches built with W=1 C=$SPARSE, no new warning"
}

# ---- compile tests at the tip --------------------------------------------
# usage: cross NAME ARCH CROSS_COMPILE fragment...
cross() {
	local name=$1 arch=$2 cc=$3 obj=$K/.o-$1 out
	shift 3
	configure_kernel "$K" "$obj" "$arch" "$@"
	make -C "$K" O="$obj" ARCH="$arch" CROSS_COMPILE="$cc" CC="ccache ${cc}gcc" -j"$JOBS" prepare >/dev/null 2>&1 ||
		make -C "$K" O="$obj" ARCH="$arch" CROSS_COMPILE="$cc" CC="ccache ${cc}gcc" -j"$JOBS" prepare
	rm -f "$obj"/mm/z*.o
	out=$(make -C "$K" O="$obj" ARCH="$arch" CROSS_COMPILE="$cc" CC="ccache ${cc}gcc" -j"$JOBS" \
		mm/zsmalloc.o mm/z3fold.o mm/zbud.o mm/zpool.o 2>&1) || { echo "$out"; return 1; }
	if echo "$out" | grep -E 'warning:|error:'; then return 1; fi
	echo "built mm/zsmalloc.o mm/z3fold.o mm/zbud.o mm/zpool.o for $name"
}

# ---- KUnit ---------------------------------------------------------------
# kunit.py with the series' kunitconfig plus configs/kunit.config (KASAN,
# lockdep), on KUNIT_CPUS vCPUs (2: the concurrency cases need a second
# CPU; the cases that need one alone take the others offline), judged by
# its JSON (scripts/judge.py): any failed or crashed case fails the stage,
# and so do a run in which no case passed, a suite or case the source
# defines that never ran, and a nonzero exit of kunit.py; every skipped
# case is reported by name as a SKIP of its own (which expected-skips must
# list).  KUNIT_ARGS (an array)
# adds kunit.py arguments, such as make fuzz's --kernel_args.
# kunit.py run in tree $K with the caller's KARGS (kunit_args), KUNIT_ARGS
# and the port's CPUs, its JSON to $1 (removed first) and its output to $2;
# more arguments go to kunit.py (a filter glob).
# usage: kunit_py_run JSON OUT [ARG...]
kunit_py_run() {
	local json=$1 out=$2
	shift 2
	rm -f "$json"
	(cd "$K" && PATH=$TOP/scripts/tcg:$PATH python3 tools/testing/kunit/kunit.py run "${KARGS[@]}" \
		--timeout="${KUNIT_TIMEOUT:-600}" --json="$json" \
		--qemu_args="-smp ${KUNIT_CPUS:-2}" ${KUNIT_ARGS[@]+"${KUNIT_ARGS[@]}"} "$@") >"$out" 2>&1
}

check_kunit() {
	local rc=0 src=() must=() c KARGS KFRAGS dir=$K/${KUNIT_DIR:-.kunit}
	kunit_args "$K" || return 1
	kunit_py_run "$LOGS/kunit.json" "$LOGS/kunit.out" || rc=$?
	cat "$LOGS/kunit.out"
	[ -s "$LOGS/kunit.json" ] || { echo "kunit.py wrote no JSON (exit $rc): the build or the boot failed"; return 1; }
	# KASAN: on x86_64 (32-bit x86 has none)
	if [ "${KUNIT_ARCH:-x86_64}" = x86_64 ]; then
		grep -q '^CONFIG_KASAN=y' "$dir/.config" || { echo "KASAN was not on"; return 1; }
	fi
	if grep -E 'KASAN|BUG:|WARNING:|UBSAN:|kernel BUG at' "$dir/test.log"; then
		decode_hint "$dir/test.log" "$dir"
		echo "console splat in the KUnit run"; return 1
	fi
	# The judge (scripts/judge.py, tested by judge_test.py): every case
	# passed or skipped, some passed, every suite and case the source
	# defines ran (unless KUNIT_ALL=0: a filtered run), and kunit.py
	# exited 0; each skipped case becomes a SKIP result with its reason.
	if [ "${KUNIT_ALL:-1}" != 0 ]; then
		for c in $KUNIT_SRC; do src+=(--source "$K/$c"); done
	fi
	for c in ${KUNIT_MUST_PASS:-}; do must+=(--must-pass "$c"); done
	python3 "$TOP/scripts/judge.py" kunit --json "$LOGS/kunit.json" --log "$dir/test.log" \
		--exit "$rc" --sub "${STAGE_SUB:-/dev/null}" --tag "${KUNIT_TAG:-KASAN on}" \
		--prefix "${KUNIT_PREFIX:-kunit}" ${src[@]+"${src[@]}"} ${must[@]+"${must[@]}"}
}

# ---- guest boots ---------------------------------------------------------
# usage: check_boot ZPOOL [knob...]: knobs given here come first on the
# command line, so they win over the edition's GUEST_KNOBS (the guest reads
# the first).  The console is check-ZPOOL.console, or check-$BOOT_AS.console;
# the kernel build/check's debug one, or $KIMAGE.
check_boot() {
	local zpool=$1 con=$LOGS/check-${BOOT_AS:-$1}.console
	shift
	MEM=512 TIMEOUT=2400 "$TOP/scripts/boot.sh" "${KIMAGE:-$(debug_image "$K")}" \
		"$INITRD" "$zpool" "$con" "$@" $GUEST_KNOBS
}

# The debug guest of commit $1 (base, or the series tip) of build/check:
# the kernel built as its debug kernel (ccache; base and tip differ in the
# files the series touches), and an initramfs with that commit's
# kselftests, saved as $BUILD/guest-$2.bzImage and .cpio.gz.
# usage: build_guest COMMIT NAME
build_guest() {
	local out=$BUILD/guest-$2
	rm -f "$out.bzImage" "$out.cpio.gz"
	trap "git -C $(printf %q "$K") checkout -q -f --detach $TIP" EXIT
	git -C "$K" checkout -q --detach "$1"
	"$TOP/scripts/kernel.sh" "$K" debug
	cp "$(debug_image "$K")" "$out.bzImage"
	"$TOP/scripts/initramfs.sh" "$K" "$out.cpio.gz"
	echo "guest of $(git -C "$K" log -1 --format='%h %s' "$1" | cut -c1-70): ${out#"$TOP"/}.bzImage"
}

# The results of every kselftest case of boot $2 (the series tip) are
# those of boot $1 (the base); a case the base lacks must pass.
# usage: check_ksft_same BASE-BOOT TIP-BOOT
check_ksft_same() {
	local cb ct
	cb=$(results_of_boot "$1") ct=$(results_of_boot "$2")
	# scripts/judge.py: "name result" for every TAP line, inner and outer
	# (the runner's exit= and TIMEOUT too), the k-th of a name against the
	# k-th.
	python3 "$TOP/scripts/judge.py" ksft-same --base "$cb" --tip "$ct"
}

# The zram smoke test of boot $1: data back intact after compaction, and
# the compaction freed pages (mm_stat's pages_compacted grew).
check_zram() {
	local con line
	con=$(results_of_boot "$1")
	grep '^WB: zram mm_stat' "$con" || true
	line=$(grep '^WB: zram ' "$con" | grep -v mm_stat | tail -n 1 || true)
	echo "${line:-no zram line in the results}"
	case $line in
	"WB: zram smoke OK:"*" freed 0 pages") echo "zram's compaction freed no page"; return 1 ;;
	"WB: zram smoke OK:"*) ;;
	*) return 1 ;;
	esac
}

# The live runs: boot $1 (the tip's guest, the KUnit suite built in) $2
# times with wb.kunit_live=1, once a run (guest/init says why), each a
# result of its own, live-N.  Each boot must pass judge_console (the
# workers verified every byte, no splat, no taint but KUnit's TAINT_TEST);
# its KTAP goes through kunit.py parse and the judge, as the KUnit stage's
# does (every case the source defines ran, none failed; each skip a SKIP
# result, kunit-live:SUITE.CASE, which expected-skips must list); and zswap
# and zram must have held data at the run's start and end and been at work
# during it (zswpout and zram's read-back rounds grew).  The guests have
# two CPUs, so the concurrency cases run.
# usage: check_kunit_live RUNS
check_kunit_live() {
	local runs=$1 r bad=0 con
	rm -rf "$LOGS/kunit-live"
	mkdir -p "$LOGS/kunit-live"
	for r in $(seq "$runs"); do
		con=$LOGS/check-live-$r.console
		echo "== run $r of $runs"
		if ! TAINT_OK=262144 BOOT_AS=live-$r check_boot zsmalloc kunit.enable=1 wb.kunit_live=1; then
			echo "FAIL: run $r: the boot failed (${con#"$TOP"/})"
			bad=1
			continue
		fi
		judge_kunit_live "$(results_of "$con")" "$r" "$runs" || bad=1
	done
	[ "$bad" -ne 0 ] || echo "$runs runs of the suite, a boot each, every one judged, zram and zswap busy throughout"
	return "$bad"
}

# The results file $1 of live run $2 of $3 (see check_kunit_live).
# usage: judge_kunit_live RESULTS RUN RUNS
judge_kunit_live() {
	local res=$1 r=$2 runs=$3 dir=$LOGS/kunit-live end rc bad=0
	mkdir -p "$dir"
	grep -E '^WB: kunit-live (FAIL|zswap|zram|run|workers)' "$res" || true
	awk '/^WB: kunit-live results$/ { f = 1; next } /^WB: / { f = 0 } f' "$res" >"$dir/run$r.ktap"
	end=$(sed -n 's/^WB: kunit-live end: //p' "$res")
	if [ ! -s "$dir/run$r.ktap" ] || [ -z "$end" ]; then
		echo "FAIL: run $r: no results"
		return 1
	fi
	echo "run $r: $end"
	# "N s, zswap stored_pages A B zswpout +C, zram orig_data_size D E rounds +F"
	set -- $(echo "$end" | sed -n 's/.*stored_pages \([0-9]*\) \([0-9]*\) zswpout +\([0-9]*\), zram orig_data_size \([0-9]*\) \([0-9]*\) rounds +\([0-9]*\)$/\1 \2 \3 \4 \5 \6/p')
	if [ $# -ne 6 ] || [ "$1" -eq 0 ] || [ "$2" -eq 0 ] || [ "$3" -eq 0 ] ||
	   [ "$4" -eq 0 ] || [ "$5" -eq 0 ] || [ "$6" -eq 0 ]; then
		echo "FAIL: run $r: zswap and zram were not both holding data and at work throughout"
		bad=1
	fi
	rc=0
	(cd "$K" && python3 tools/testing/kunit/kunit.py parse --json="$dir/run$r.json" "$dir/run$r.ktap") \
		>"$dir/run$r.parse" 2>&1 || rc=$?
	python3 "$TOP/scripts/judge.py" kunit --json "$dir/run$r.json" --log "$dir/run$r.ktap" \
		--exit "$rc" --sub "${STAGE_SUB:-/dev/null}" --tag "run $r of $runs, KASAN on, zram and zswap busy" \
		--prefix kunit-live --source "$K/mm/tests/zsmalloc_kunit.c" || bad=1
	return "$bad"
}

# The results (see boot.sh) of this run's boot $1, or a failure: boot.sh
# removes the old ones before QEMU starts, so a boot that never ran, or
# whose guest wrote nothing to its results port, leaves none.
results_of_boot() {
	local res
	res=$(results_of "$LOGS/check-$1.console")
	[ -s "$LOGS/check-$1.console" ] ||
		{ echo "no console from this run's boot-$1 (${LOGS#"$TOP"/}/check-$1.console): the boot never ran" >&2; return 1; }
	[ -s "$res" ] ||
		{ echo "no results from this run's boot-$1 (${res#"$TOP"/}): nothing came on its results port" >&2; return 1; }
	echo "$res"
}

# The fault lines of a check boot: zpool allocation failures and a full pool
# must both have happened, and the workload must still have verified.
check_faults() {
	local con l line bad=0
	con=$(results_of_boot "$1")
	for l in "alloc_fail reject_alloc_fail" "pool_limit pool_limit_hit"; do
		set -- $l
		line=$(grep "^WB: fault $1 " "$con" || true)
		echo "$line"
		case $line in
		*" $2 +0 "*|"") echo "FAIL: $1: no $2"; bad=1 ;;
		*"workload exit 0") ;;
		*) echo "FAIL: $1: the workload did not read its data back"; bad=1 ;;
		esac
	done
	[ "$bad" -eq 0 ] || return 1
	echo "zpool allocation failures and a full pool: data intact"
}

# zswap.zpool=bogus on the command line: zswap falls back to its default
# zpool and says why, as the base does.
check_bogus() {
	local con=$LOGS/check-bogus.console def
	local img=${KIMAGE:-$(debug_image "$K")}
	def=$(sed -n 's/^CONFIG_ZSWAP_ZPOOL_DEFAULT="\(.*\)"/\1/p' "${img%/arch/*}/.config")
	EXPECT=$def MEM=512 "$TOP/scripts/boot.sh" "$img" \
		"$INITRD" bogus "$con" wb.memcg=32 wb.fill=150
	bogus_said_why "$con" "$def"
}

# zswap said why it did not take zpool bogus, and which it took instead.
# usage: bogus_said_why CONSOLE DEFAULT-ZPOOL
bogus_said_why() {
	grep "zswap: zpool bogus not available, using default $2" "$1" ||
		{ echo "no 'zpool bogus not available, using default $2' in the console"; return 1; }
	echo "zswap.zpool=bogus: fell back to $2, said why, data intact"
}

# The kselftests' TAP in a check boot: the runner finished, no "not ok",
# at least one test ok, and they left zswap's settings as they found them;
# each skipped test is a SKIP result of its own.
check_kselftest() {
	local z=$1 con verdict tap_rc=0 before after
	con=$(results_of_boot "$z")
	grep -q '^WB: kselftest start' "$con" || { echo "the boot ran no zswap kselftests (none installed?)"; return 1; }
	grep -q '^WB: kselftest exit' "$con" || { echo "the kselftests did not finish (see ${con#"$TOP"/})"; return 1; }
	# The TAP, judged by scripts/judge.py: no "not ok" (inner, outer,
	# the runner's exit= and TIMEOUT, one behind a kernel message), some
	# passed, and every skip a result of its own that expected-skips lists.
	# wb.ksft=own: this boot ran its own zpool's fixture variant alone.
	verdict=$(python3 "$TOP/scripts/judge.py" ksft --console "$con" --prefix "kselftest-$z" \
		--expected-skips "$EXPECTED_SKIPS" --sub "${STAGE_SUB:-/dev/null}" \
		$( [[ " $GUEST_KNOBS " != *" wb.ksft=own "* ]] || echo --variant "$z")) || tap_rc=$?
	echo "$verdict"
	[ "${tap_rc:-0}" -eq 0 ] || return 1
	# zswap's parameters, page-cluster and the cgroups as they were
	before=$(sed -n 's/^WB: kselftest start //p' "$con")
	after=$(sed -n 's/^WB: kselftest left //p' "$con")
	[ -n "$before" ] && [ "$before" = "$after" ] ||
		{ printf 'the kselftests changed the settings\n  before: %s\n  after:  %s\n' "$before" "$after"; return 1; }
	echo "$verdict" | tail -n 1
}

# ---- documentation ----------------------------------------------------------
# kernel-doc on the header, and make htmldocs SPHINXDIRS=mm, whose warnings
# must be the base's (build/base is the pristine base worktree).
docs_warnings() {
	local t=$1
	rm -rf "$t/.o-docs"
	make -C "$t" O="$t/.o-docs" SPHINXDIRS=mm htmldocs 2>&1 |
		grep -iE 'warning|error' | sed -E "s|$t/||g; s/:[0-9]+:/:/g" | sort -u || true
}
check_docs() {
	local new
	if [ ! -f "$K/Documentation/mm/zpdesc.rst" ]; then
		echo "the series has no Documentation/mm/zpdesc.rst"
		return 1
	fi
	(cd "$K" && scripts/kernel-doc -none -Wall -Werror mm/zpdesc.h) || { echo "kernel-doc warns on mm/zpdesc.h"; return 1; }
	"$TOP/scripts/tree.sh" base
	docs_warnings "$BASE_TREE" >"$LOGS/docs-base.warn"
	new=$(docs_warnings "$K" | comm -13 "$LOGS/docs-base.warn" -)
	[ -f "$K/.o-docs/Documentation/output/mm/zpdesc.html" ] ||
		[ -n "$(find "$K/.o-docs" -name zpdesc.html)" ] || { echo "zpdesc.html was not built"; return 1; }
	if [ -n "$new" ]; then
		echo "htmldocs SPHINXDIRS=mm: new warnings:"; echo "$new"; return 1
	fi
	echo "kernel-doc clean; htmldocs SPHINXDIRS=mm: $(wc -l <"$LOGS/docs-base.warn") warnings, all the base's"
}

# ---- no functional change, by comparison -------------------------------------
# The trace suite ($DIGEST_SUITE, $DIGEST_SRC) uses nothing the base lacks,
# and the series adds it before any patch that claims no functional
# change: the 6.12 series right after the stable fixes (so that commit is
# the base with the four intended changes, which the tip holds too), the
# mainline series right after its KUnit suite (DIGEST_AFTER patches).
# Built there, in .kunit-digest with the configuration of the tip's KUnit
# kernel (so ccache serves every object the conversions did not touch), it
# must print the digests that the tip printed in the KUnit stage
# ($KUNIT_STAGE), trace by trace and phase by phase (judge.py digest); the
# base's run is judged as a KUnit run too (each trace gave the same
# digests twice there).
# usage: check_digest
check_digest() {
	local n c rc=0 KARGS KFRAGS dir=.kunit-digest tiplog=$K/.kunit/test.log
	stage_passed "$KUNIT_STAGE" ||
		{ echo "the tip's digests come from this run's $KUNIT_STAGE stage, which did not pass (ONLY='kunit|digest' runs both)"; return 1; }
	n=${DIGEST_AFTER:-$(series_patches "$TOP/stable" | wc -l)}
	c=$(git -C "$K" rev-list --reverse "base..$TIP" | sed -n "$((n + 1))p")
	if [ -z "$c" ] || ! git -C "$K" cat-file -e "$c:$DIGEST_SRC" 2>/dev/null ||
		git -C "$K" cat-file -e "$c~1:$DIGEST_SRC" 2>/dev/null; then
		echo "the series' patch $((n + 1)) does not add $DIGEST_SRC (the trace test comes after the first $n patches)"
		return 1
	fi
	git -C "$K" diff --quiet "$c" "$TIP" -- "$DIGEST_SRC" ||
		{ echo "$DIGEST_SRC changes between patch $((n + 1)) and the tip: the two kernels would not run one test"; return 1; }
	trap "git -C $(printf %q "$K") checkout -q -f --detach $TIP" EXIT
	git -C "$K" checkout -q --detach "$c"
	echo "base: patch $((n + 1)), $(git -C "$K" log -1 --format='%h %s' "$c" | cut -c1-60)"
	KUNIT_DIR=$dir kunit_args "$K" || return 1
	kunit_py_run "$LOGS/digest-base.json" "$LOGS/digest-base.out" "$DIGEST_SUITE" || rc=$?
	tail -n 4 "$LOGS/digest-base.out"
	[ -s "$LOGS/digest-base.json" ] ||
		{ echo "kunit.py wrote no JSON (exit $rc): the base's build or boot failed"; return 1; }
	cp "$K/$dir/test.log" "$LOGS/digest-base.log"
	cp "$tiplog" "$LOGS/digest-tip.log"
	if grep -E 'KASAN|BUG:|WARNING:|UBSAN:|kernel BUG at' "$LOGS/digest-base.log"; then
		echo "console splat in the base's KUnit run"; return 1
	fi
	python3 "$TOP/scripts/judge.py" kunit --json "$LOGS/digest-base.json" --log "$LOGS/digest-base.log" \
		--exit "$rc" --source "$K/$DIGEST_SRC" --tag "on the base at patch $((n + 1))" --prefix digest-base
	python3 "$TOP/scripts/judge.py" digest --base "$LOGS/digest-base.log" --tip "$LOGS/digest-tip.log" \
		--min "$DIGEST_MIN"
}

# build/check must stay at the series tip between stages: a stage that
# leaves it elsewhere (or dirty) fails, and the tree is put back.
assert_tip() {
	local head
	head=$(git -C "$K" rev-parse HEAD)
	if [ "$head" != "$TIP" ] || [ -n "$(git -C "$K" status --porcelain --untracked-files=no)" ]; then
		echo "build/check was left at $(git -C "$K" log --oneline -1 | cut -c1-60)$(git -C "$K" diff --quiet || echo ', with changes'), not at the series tip: put back"
		git -C "$K" checkout -q -f --detach "$TIP"
		return 1
	fi
}

# The stages every edition's series gets, named with prefix $1: its form,
# git am (without which nothing else means anything: every other expected
# stage is then reported as never run), checkpatch per patch (series_stages),
# and every patch built in two configs (bisect_stages, called apart: make
# check runs it beside its guests): fragment $2 with the guest's and
# KUnit's, and the same without COMPACTION, MIGRATION and MEMCG and with
# WERROR, as randconfig builds zsmalloc and z3fold.
# usage: expect_series_stages PREFIX; series_stages PREFIX
expect_series_stages() {
	local p
	expect "${1}series" "${1}apply" "${1}bisect-w1-sparse" "${1}bisect-nocompaction"
	for p in $(series_patches); do expect "${1}checkpatch-$(basename "$p" .patch | cut -c1-4)"; done
}
series_stages() {
	local pre=$1 p
	stage "${pre}series" check_series
	stage "${pre}apply" "$TOP/scripts/tree.sh" check
	stage_passed "${pre}apply" || counts_finish
	TIP=$(git -C "$K" rev-parse HEAD)
	STAGE_AFTER=assert_tip
	for p in $(series_patches); do
		stage "${pre}checkpatch-$(basename "$p" .patch | cut -c1-4)" check_checkpatch "$p"
	done
}
# The per-patch builds (with BASE_CONFIG, what another base needs: see
# lib.sh).  usage: bisect_stages PREFIX FRAGMENT
bisect_stages() {
	local pre=$1 frags
	frags=("$2" ${BASE_CONFIG:+"$BASE_CONFIG"} "$TOP/configs/guest.config" "$TOP/configs/bisect.config")
	stage "${pre}bisect-w1-sparse" check_bisect bisect "${frags[@]}"
	stage "${pre}bisect-nocompaction" check_bisect bisect-nocompaction "${frags[@]}" \
		"$TOP/configs/nocompaction.config"
}

# What make check builds beside its guests: the per-patch builds (they
# check out each commit of build/check, while the guests run the tip's
# kernel and initramfs, built already), then the stable commits' verdict,
# which rests on theirs, and the documentation (after stable-builds: it
# puts build/base back at the pristine base).
builds_beside_guests() {
	bisect_stages "" "$TOP/configs/zpool.config"
	if stage_passed stable-apply; then
		STAGE_AFTER= stage stable-builds check_stable_builds
	fi
	stage docs check_docs
}

[ "${BASH_SOURCE[0]}" = "$0" ] || return 0

# What any stage may need, run even when ONLY= leaves it out.
ONLY_NEEDS="apply kernel-debug initramfs stable-apply"
counts_init "$LOGS/check-summary.txt"
# Every verdict comes from this run: no console of an earlier one survives.
rm -f "$LOGS"/check-*.console "$LOGS"/stress-*.console "$LOGS"/check-*.results "$LOGS"/stress-*.results
expect_series_stages ""
expect compile-i386-highmem compile-arm64 compile-x86_64-nomemcg kunit stable-series \
	stable-apply stable-builds docs kernel-debug initramfs boot-bogus-zpool digest
for p in $(series_patches "$TOP/stable"); do expect "stable-checkpatch-$(basename "$p" .patch | cut -c1-4)"; done
for z in $ZPOOLS; do expect "boot-$z" "faults-$z" "kselftest-$z" "stress-short-$z"; done

log "make check: $(series_patches | wc -l) patches in series"
series_stages ""
stage compile-i386-highmem cross i386-highmem i386 i686-linux-gnu- \
	"$TOP/configs/zpool.config" "$TOP/configs/i386.config"
stage compile-arm64 cross arm64 arm64 aarch64-linux-gnu- "$TOP/configs/zpool.config"
stage compile-x86_64-nomemcg cross nomemcg x86_64 "" "$TOP/configs/zpool.config"
stage kunit check_kunit
# The stable series alone on the base, in build/base: it applies, and each
# of its patches is checkpatch-clean and builds in both configs.
stage stable-series check_stable_series
STAGE_AFTER= stage stable-apply "$TOP/scripts/tree.sh" stable
if stage_passed stable-apply; then
	for p in $(series_patches "$TOP/stable"); do
		stage "stable-checkpatch-$(basename "$p" .patch | cut -c1-4)" check_checkpatch "$p"
	done
fi
stage kernel-debug "$TOP/scripts/kernel.sh" "$K" debug
if stage_passed kernel-debug; then
	stage initramfs "$TOP/scripts/initramfs.sh" "$K" "$INITRD"
fi
# The guests boot the tip's kernel and initramfs, built above, while the
# per-patch builds move build/check from commit to commit beside them (a
# TCG guest leaves most of a core idle): no guest stage may assert the
# tip meanwhile.  stages_join adds the builds' results.
# The guests' kernel is named now: debug_image looks for the series'
# kunitconfig in the working tree, which the per-patch builds move back to
# commits that have none (a first cold run booted .o-debug, which it never
# built, in the stress stages).
guest_kimage=""
if [ -z "${KIMAGE:-}" ]; then
	export KIMAGE
	KIMAGE=$(debug_image "$K") guest_kimage=1
fi
stages_beside "the per-patch builds" builds_beside_guests
STAGE_AFTER=
if stage_passed initramfs; then
	for z in $ZPOOLS; do
		stage "boot-$z" check_boot "$z"
		stage "faults-$z" check_faults "$z"
		stage "kselftest-$z" check_kselftest "$z"
	done
	stage boot-bogus-zpool check_bogus
	for z in $ZPOOLS; do
		stage "stress-short-$z" env NO_PREP=1 DURATION="${STRESS_SECONDS:-60}" "$TOP/scripts/stress.sh" "$z"
	done
fi
stages_join
[ -z "$guest_kimage" ] || unset KIMAGE
STAGE_AFTER=assert_tip
# Last, and alone: it checks out another commit in build/check, and the
# next build of the tip's kernel recompiles what that touched; its z3fold
# traces rest on sleeps, which a loaded host could outlast.
stage digest check_digest
counts_finish
