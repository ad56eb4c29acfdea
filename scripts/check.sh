#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: the whole verdict on the series, on a pristine base + series
# worktree (build/check).  Each stage prints PASS, FAIL or SKIP; the last line
# is "N passed, N failed, N skipped".
. "$(dirname "$0")/lib.sh"

counts_init "$LOGS/check-summary.txt"

K=$CHECK_TREE

# ---- series and patches --------------------------------------------------
# series lists exactly the files in patches/, every patch has a sign-off, a
# body, and a subject with a known subsystem prefix.
check_series() {
	local listed present p f body bad=0
	listed=$(grep -v '^[[:space:]]*#' "$TOP/series" 2>/dev/null | sed '/^[[:space:]]*$/d' | sort)
	present=$(cd "$TOP/patches" && ls -1 -- *.patch 2>/dev/null | sort)
	if [ "$listed" != "$present" ]; then
		echo "series and patches/ differ:"
		diff <(echo "$listed") <(echo "$present") | grep '^[<>]'
		bad=1
	fi
	# git format-patch --base writes base-commit: into the cover letter, or
	# into the first patch where there is none.
	p=$(echo "$listed" | head -n 1)
	[ -z "$p" ] || grep -q '^base-commit: ' "$TOP/patches/$p" ||
		{ echo "$p: no base-commit: (export with make export)"; bad=1; }
	while read -r p; do
		[ -n "$p" ] || continue
		f=$TOP/patches/$p
		case $p in *cover-letter*)
			grep -q '\*\*\* \(SUBJECT\|BLURB\) HERE \*\*\*' "$f" &&
				{ echo "$p: the cover letter is still git's template"; bad=1; }
			continue ;;
		esac
		grep -q '^Signed-off-by: .* <.*@.*>' "$f" || { echo "$p: no Signed-off-by:"; bad=1; }
		grep -qE '^Subject: \[PATCH[^]]*\] (mm/zpdesc|mm/zsmalloc|mm/z3fold|mm/zbud|mm/zswap|mm/zpool|mm|lib|selftests/zswap|Documentation/mm|MAINTAINERS): ' "$f" ||
			{ echo "$p: subject lacks a known subsystem prefix: $(grep -m1 '^Subject:' "$f")"; bad=1; }
		# The body: the lines between the headers and the first trailer.
		body=$(awk '/^$/ && !h {h=1; next} h && /^(Signed-off-by|---)/ {exit} h' "$f" | grep -c '[a-z]')
		[ "$body" -ge 2 ] || { echo "$p: the commit message has no body saying why"; bad=1; }
	done <<<"$listed"
	return $bad
}

# ---- checkpatch --strict ---------------------------------------------------
# Clean means no ERROR, WARNING or CHECK, with one exception: the two CHECKs
# checkpatch raises on every _Generic cast macro (struct slab's and struct
# ptdesc's included): CamelCase on the keyword itself, and argument reuse in
# a _Generic whose unselected branches are never evaluated.  Those are
# printed as tolerated, never hidden.
check_checkpatch() {
	local out f
	f=$(realpath "$1")
	out=$(cd "$K" && scripts/checkpatch.pl --strict --show-types "$f" 2>&1) || true
	# No verdict line means checkpatch itself did not run through.
	echo "$out" | grep -q '^total: [0-9]* errors, [0-9]* warnings, [0-9]* checks' ||
		{ echo "$out"; echo "checkpatch gave no verdict"; return 1; }
	echo "$out" | awk '
		/^(ERROR|WARNING|CHECK):/ {if (blk != "") flush(); blk = $0; next}
		blk != "" && /^$/ {flush(); next}
		blk != "" {blk = blk "\n" $0}
		END {if (blk != "") flush(); printf "%d findings, %d tolerated\n", bad, tol; exit bad > 0}
		function flush() {
			if (blk ~ /^CHECK:CAMELCASE: Avoid CamelCase: <_Generic>/ ||
			    (blk ~ /^CHECK:MACRO_ARG_REUSE:/ && blk ~ /_Generic/)) {
				tol++; print "tolerated (_Generic): " substr(blk, 1, index(blk "\n", "\n") - 1)
			} else {
				bad++; print blk "\n"
			}
			blk = ""
		}'
}

# ---- per-patch builds ----------------------------------------------------
# Objects to build for commit $1: the .c files it touches, and every file
# that includes a header it touches.
touched_objects() {
	local c=$1 f
	git -C "$K" diff-tree --no-commit-id --name-only -r "$c" | while read -r f; do
		case $f in
		mm/*.c|lib/*.c) echo "${f%.c}.o" ;;
		mm/*.h|include/linux/z*.h)
			git -C "$K" grep -l "$(basename "$f")" "$c" -- 'mm/*.c' 'lib/*.c' |
				sed "s|^$c:||; s|\.c$|.o|" ;;
		esac
	done | sort -u
}

# Build objects $2.. in O=$1 with W=1 and sparse; print their warnings,
# normalized (no line numbers) so they compare across commits.
build_warnings() {
	local obj=$1 o out
	shift
	for o in "$@"; do
		[ -f "$K/${o%.o}.c" ] || continue
		rm -f "$obj/$o"
		out=$(make -C "$K" O="$obj" CC="ccache gcc" -j"$JOBS" W=1 C=1 "$o" 2>&1) ||
			echo "$o: the build failed: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
		[ -f "$obj/$o" ] || echo "$o: no object was built"
		echo "$out" | grep -E 'warning:|error:' |
			sed -E 's/:[0-9]+:[0-9]+:/:/; s/:[0-9]+:/:/' || true
	done
}

check_bisect() {
	local obj=$K/.o-bisect commits c n=0 bad=0 objs new f
	commits=$(git -C "$K" rev-list --reverse base..HEAD)
	if [ -z "$commits" ]; then
		echo "the series is empty: no patch to build"
		return 2
	fi
	git -C "$K" checkout -q --detach base
	configure_kernel "$K" "$obj" x86_64 "$TOP/configs/zpool.config" "$TOP/configs/guest.config" \
		"$TOP/configs/bisect.config"
	make -C "$K" O="$obj" CC="ccache gcc" -j"$JOBS" prepare >/dev/null
	# The base's warnings for every object any patch touches.
	objs=$(for c in $commits; do touched_objects "$c"; done | sort -u)
	log "bisect: base warnings for $(echo $objs)"
	build_warnings "$obj" $objs | sort -u >"$LOGS/bisect-base.warn"
	echo "base: $(wc -l <"$LOGS/bisect-base.warn") warnings (the baseline)"
	for c in $commits; do
		n=$((n + 1))
		git -C "$K" checkout -q --detach "$c"
		objs=$(touched_objects "$c")
		if git -C "$K" diff-tree --no-commit-id --name-only -r "$c" | grep -q '^tools/testing/selftests/zswap/'; then
			make -s -C "$K/tools/testing/selftests/zswap" >"$LOGS/bisect-ksft.log" 2>&1 ||
				{ echo "patch $n: selftests do not build"; bad=1; }
			grep 'warning:' "$LOGS/bisect-ksft.log" && { echo "patch $n: selftest warnings"; bad=1; }
			make -s -C "$K/tools/testing/selftests/zswap" clean >/dev/null 2>&1 || true
		fi
		new=$(build_warnings "$obj" $objs | sort -u | comm -23 - "$LOGS/bisect-base.warn")
		f=$(git -C "$K" log -1 --format=%s "$c")
		if [ -n "$new" ]; then
			echo "patch $n ($f): NEW warnings:"
			echo "$new" | sed 's/^/    /'
			bad=1
		else
			echo "patch $n ($f): ok [$(echo $objs)]"
		fi
		log "bisect: patch $n/$(echo "$commits" | wc -l) built"
	done
	git -C "$K" checkout -q --detach "$(echo "$commits" | tail -n 1)"
	return $bad
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
	echo "$out" | grep -E 'warning:|error:' && return 1
	echo "built mm/zsmalloc.o mm/z3fold.o mm/zbud.o mm/zpool.o for $name"
}

# ---- KUnit ---------------------------------------------------------------
check_kunit() {
	local kc rc=0
	kc=$(git -C "$K" grep -l 'CONFIG_ZPDESC_KUNIT_TEST' -- '*.kunitconfig' '*/.kunitconfig' | head -n1)
	if [ -z "$kc" ]; then
		echo "the series has no KUnit suite yet (no kunitconfig with CONFIG_ZPDESC_KUNIT_TEST)"
		return 2
	fi
	cat "$K/$kc" "$TOP/configs/kunit.config" >"$K/.kunit-check.kunitconfig"
	(cd "$K" && python3 tools/testing/kunit/kunit.py run --arch=x86_64 \
		--kunitconfig=.kunit-check.kunitconfig --build_dir=.kunit --jobs="$JOBS" \
		--make_options 'CC=ccache gcc' --timeout=600) >"$LOGS/kunit.out" 2>&1 || rc=$?
	cat "$LOGS/kunit.out"
	[ "$rc" -eq 0 ] || return 1
	grep -qE 'KASAN|BUG:|WARNING:' "$K/.kunit/test.log" && { echo "console splat in the KUnit run"; return 1; }
	grep -q '^CONFIG_KASAN=y' "$K/.kunit/.config" || { echo "KASAN was not on"; return 1; }
	echo "$(grep -o 'Ran [0-9]* tests.*' "$LOGS/kunit.out" | tail -n 1), KASAN on"
}

# ---- guest boots ---------------------------------------------------------
check_boot() {
	local zpool=$1 con=$LOGS/check-$1.console
	MEM=512 TIMEOUT=2400 "$TOP/scripts/boot.sh" "$K/.o-debug/arch/x86/boot/bzImage" \
		"$BUILD/initramfs-check.cpio.gz" "$zpool" "$con" wb.memcg=32 wb.fill=200 wb.faults=1 wb.ksft=1
}

# The fault lines of a check boot: zpool allocation failures and a full pool
# must both have happened, and the workload must still have verified.
check_faults() {
	local con=$1 l line bad=0
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
	[ "$bad" -eq 0 ] && echo "zpool allocation failures and a full pool: data intact"
	return $bad
}

# zswap.zpool=bogus on the command line: zswap falls back to its default
# zpool and says why, as the base does.
check_bogus() {
	local con=$LOGS/check-bogus.console def
	def=$(sed -n 's/^CONFIG_ZSWAP_ZPOOL_DEFAULT="\(.*\)"/\1/p' "$K/.o-debug/.config")
	EXPECT=$def MEM=512 "$TOP/scripts/boot.sh" "$K/.o-debug/arch/x86/boot/bzImage" \
		"$BUILD/initramfs-check.cpio.gz" bogus "$con" wb.memcg=32 wb.fill=150 || return 1
	grep "zswap: zpool bogus not available, using default $def" "$con" ||
		{ echo "no 'zpool bogus not available, using default $def' in the console"; return 1; }
	echo "zswap.zpool=bogus: fell back to $def, said why, data intact"
}

# The kselftests' TAP in a check boot: every test ok (or skipped, which is
# counted apart), none "not ok", and the runner finished.
ksft_result() {
	local z=$1 con=$2 ok notok skip
	if ! grep -q '^WB: kselftest start' "$con" 2>/dev/null; then
		result SKIP "kselftest-$z" "the series installs no zswap kselftests yet"
		return
	fi
	ok=$(grep -cE '^(# )*ok [0-9]+ ' "$con" || true)
	skip=$(grep -cE '^(# )*ok [0-9]+ .*# SKIP' "$con" || true)
	notok=$(grep -E '^(# )*not ok [0-9]+ ' "$con" || true)
	if ! grep -q '^WB: kselftest exit' "$con"; then
		result FAIL "kselftest-$z" "the kselftests did not finish (see ${con#"$TOP"/})"
	elif [ -n "$notok" ]; then
		result FAIL "kselftest-$z" "$(echo "$notok" | head -n 3 | tr '\n' ';')"
	elif [ "$ok" -eq 0 ]; then
		result FAIL "kselftest-$z" "no test reported ok"
	elif [ "$ok" -eq "$skip" ]; then
		result SKIP "kselftest-$z" "every test skipped: $(grep -m1 -E '# SKIP' "$con")"
	else
		result PASS "kselftest-$z" "$((ok - skip)) ok, $skip skipped (TAP lines, inner and outer)"
	fi
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
		echo "the series has no Documentation/mm/zpdesc.rst yet"
		return 2
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

log "make check: $(series_patches | wc -l) patches in series"
stage series check_series || true
stage apply "$TOP/scripts/tree.sh" check || counts_finish
if [ "$(series_patches | wc -l)" -eq 0 ]; then
	result SKIP checkpatch "the series is empty"
else
	for p in $(series_patches); do
		stage "checkpatch-$(basename "$p" .patch | cut -c1-4)" check_checkpatch "$p" || true
	done
fi
stage bisect-w1-sparse check_bisect || true
stage compile-i386-highmem cross i386-highmem i386 i686-linux-gnu- \
	"$TOP/configs/zpool.config" "$TOP/configs/i386.config" || true
stage compile-arm64 cross arm64 arm64 aarch64-linux-gnu- "$TOP/configs/zpool.config" || true
stage compile-x86_64-nomemcg cross nomemcg x86_64 "" "$TOP/configs/zpool.config" || true
stage kunit check_kunit || true
stage docs check_docs || true
if stage kernel-debug "$TOP/scripts/kernel.sh" "$K" debug &&
   stage initramfs "$TOP/scripts/initramfs.sh" "$K" "$BUILD/initramfs-check.cpio.gz"; then
	for z in $ZPOOLS; do
		stage "boot-$z" check_boot "$z" || true
		stage "faults-$z" check_faults "$LOGS/check-$z.console" || true
		ksft_result "$z" "$LOGS/check-$z.console"
	done
	stage boot-bogus-zpool check_bogus || true
	for z in $ZPOOLS; do
		stage "stress-short-$z" env NO_PREP=1 DURATION="${STRESS_SECONDS:-60}" "$TOP/scripts/stress.sh" "$z" || true
	done
fi
# make bench is not part of the verdict: this only proves it is wired, with
# one pair and numbers that are not asserted.
stage bench-wired env PAIRS=1 BENCH_MIB=16 "$TOP/scripts/bench.sh" || true
counts_finish
