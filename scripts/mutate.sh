#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make mutate: the measure of the tests.  Each mutant of the file mutants is
# applied alone to a scratch worktree of the series tip (build/mutate), and
# the KUnit suite runs on it as make check runs it (KASAN, every case, no
# splat in the log).  KILLED: the verdict failed (a failing case, a KASAN
# report, a warning, a crash or a timeout), or, every case passing, the
# trace test's digests differ from the unmutated tip's ("digest:", a
# change of behaviour that keeps every byte).  SURVIVED: it passed.  With
# MUTATE_BOOT=1 every KUnit survivor also gets the debug kernel booted once
# per zpool, with the workload, the fault injection and the kselftests.
#
#   mutate.sh                 every mutant; goal: 90% killed by KUnit, 100%
#                             with MUTATE_BOOT=1
#   MUTATE_SET=ci mutate.sh   the mutants marked "ci" (.ci/run): all killed
#   MUTANTS="id ..."          just these
#   MUTATE_ARCH=i386          the mutants marked "[i386]", judged by the
#                             suite on i386 with HIGHMEM (make check-ports's
#                             run): wrong changes that only a page without
#                             a permanent kernel address shows.  A run on
#                             x86_64 leaves them out, and says so.
#   MUTATE_ARCH=up            the mutants marked "[up]", judged by the suite
#                             on a uniprocessor x86_64 kernel (make
#                             check-ports's "up" run): wrong changes that
#                             only a kernel without SMP shows.
# The table is written to build/logs/mutate/report.md.  With MAINLINE=1 the
# same runs on the mainline edition: mainline/mutants on build/mainline-mutate,
# its report in build/logs/mainline/mutate/report.md (KUnit only).
. "$(dirname "$0")/check.sh"

MUTANTS_FILE=${MUTANTS_FILE:-$SERIES_DIR/mutants}
M=$MUTATE_TREE
OUT=$LOGS/mutate
[ -z "${MUTATE_BOOT:-}" ] || [ "${MAINLINE:-0}" != 1 ] ||
	die "MUTATE_BOOT: the mainline edition has no guest boot yet (KUnit only)"
case ${MUTATE_ARCH:-x86_64} in
x86_64) ;;
i386)
	[ -z "${MUTATE_BOOT:-}" ] || die "MUTATE_ARCH=i386 has no guest boot"
	# make check-ports's i386 run (lib.sh's kunit_port), in $M/.kunit-i386.
	kunit_port i386
	OUT=$LOGS/mutate-i386
	;;
up)
	[ -z "${MUTATE_BOOT:-}" ] || die "MUTATE_ARCH=up has no guest boot"
	[ "${MAINLINE:-0}" != 1 ] || die "MUTATE_ARCH=up: the mainline edition has no uniprocessor run"
	kunit_port up
	OUT=$LOGS/mutate-up
	;;
*) die "MUTATE_ARCH must be x86_64, i386 or up, not '$MUTATE_ARCH'" ;;
esac
mkdir -p "$OUT"

# The mutants file as "ID<TAB>FILE<TAB>ci|i386|up|-<TAB>WHAT" lines, or, with
# "apply ID TREE", apply that mutant to TREE.  Refuses a malformed file, a
# duplicate ID, and a mutant whose lines are not found exactly once.
mutants() {
	python3 - "$MUTANTS_FILE" "$@" <<-'PY'
	import sys
	path, cmd = sys.argv[1], sys.argv[2]
	muts, cur = [], None
	for n, line in enumerate(open(path).read().split("\n"), 1):
	    if line.startswith("== "):
	        f = line[3:].split()
	        if len(f) not in (2, 3) or (len(f) == 3 and f[2] not in ("[ci]", "[i386]", "[up]")):
	            sys.exit(f"{path}:{n}: want '== ID FILE', with [ci], [i386] or [up] after it or not")
	        cur = {"id": f[0], "file": f[1], "ci": f[2][1:-1] if len(f) == 3 else "-", "what": "", "hunks": [[[], []]], "line": n}
	        muts.append(cur)
	    elif cur is None or line.startswith("#") or not line:
	        continue
	    elif line.startswith("what: "):
	        cur["what"] = line[6:]
	    elif line == "@@":
	        cur["hunks"].append([[], []])
	    elif line[0] in "-+":
	        h = cur["hunks"][-1]
	        if line[0] == "-" and h[1]:
	            sys.exit(f"{path}:{n}: a '-' line after '+' lines: separate hunks with @@")
	        h[0 if line[0] == "-" else 1].append(line[1:])
	    else:
	        sys.exit(f"{path}:{n}: not a mutant line: {line!r}")
	ids = [m["id"] for m in muts]
	for m in muts:
	    if ids.count(m["id"]) > 1:
	        sys.exit(f"{path}: mutant {m['id']} is defined twice")
	    if not m["what"] or any(not h[0] for h in m["hunks"]):
	        sys.exit(f"{path}:{m['line']}: mutant {m['id']} lacks 'what:' or the lines to find")
	if cmd == "list":
	    for m in muts:
	        print("\t".join([m["id"], m["file"], m["ci"], m["what"]]))
	    sys.exit(0)
	# apply ID TREE
	mid, tree = sys.argv[3], sys.argv[4]
	m = next((m for m in muts if m["id"] == mid), None)
	if m is None:
	    sys.exit(f"no mutant {mid} in {path}")
	src = open(f"{tree}/{m['file']}").read()
	for old, new in m["hunks"]:
	    o = "\n".join(old) + "\n"
	    if src.count(o) != 1:
	        sys.exit(f"mutant {mid}: {len(old)} line(s) starting {old[0]!r} occur {src.count(o)} times in {m['file']}, not once: update mutants")
	    src = src.replace(o, "".join(l + "\n" for l in new))
	open(f"{tree}/{m['file']}", "w").write(src)
	PY
}

# kunit.py's timeout for a mutant's run: three times what the unmutated
# tip took to run in the control (and 30 s more), at least 90 s.  On a
# loaded machine where the tip itself needs more than 90 s, a fixed limit
# would "kill" every mutant by its timeout.
# The seconds the tip's suite ran in the control, as kunit.py's last
# "Elapsed time: ..., N.NNs running" line says (empty if none).
control_seconds() {
	sed -n 's/.*Elapsed time: .*, \([0-9]*\.[0-9]*\)s running.*/\1/p' "$OUT/control/kunit.out" 2>/dev/null | tail -n 1
}
mutant_timeout() {
	local run
	run=$(control_seconds)
	run=${run%.*}
	run=$((3 * ${run:-200} + 30))
	echo $((run > 90 ? run : 90))
}

# The KUnit verdict on the mutant in $M; prints KILLED or SURVIVED and why,
# or fails when the mutant does not build (a broken mutant, not a kill).
kunit_on_mutant() {
	local log=$1 rc=0
	rm -f "$M/${KUNIT_DIR:-.kunit}/vmlinux"
	# The skipped cases were reported once, by the control run.
	STAGE_SUB=/dev/null K=$M KUNIT_TIMEOUT=${KUNIT_TIMEOUT:-$(mutant_timeout)} check_kunit >"$log" 2>&1 || rc=$?
	if [ "$rc" -eq 0 ] && [ -s "$OUT/control/digest.log" ] &&
		! python3 "$TOP/scripts/judge.py" digest --base "$OUT/control/digest.log" \
			--tip "$M/${KUNIT_DIR:-.kunit}/test.log" >>"$log" 2>&1; then
		# Every suite passed: only the trace test's digests tell this
		# mutant's behaviour from the tip's (which make check's digest
		# stage finds equal to the base's).
		echo "KILLED	digest: $(grep -m1 -E ': (differs|the (base|tip)|printed twice)|digests compared' "$log" | cut -c1-100)"
	elif [ "$rc" -eq 0 ]; then
		echo "SURVIVED	$(tail -n 1 "$log")"
	elif [ ! -f "$M/${KUNIT_DIR:-.kunit}/vmlinux" ]; then
		grep -m3 'error:' "$M/${KUNIT_DIR:-.kunit}/"*.log "$log" 2>/dev/null || tail -n 5 "$log"
		return 1
	else
		echo "KILLED	$(grep -m1 -E '^(FAIL|ERROR|CRASHED|TIMED OUT|KUnit:|console splat)|KASAN|BUG:|WARNING:|Timed out|crash' "$log" | cut -c1-110)"
	fi
}

# One debug boot per zpool on the mutant, judged as make check judges them.
boot_on_mutant() {
	local z why=""
	"$TOP/scripts/kernel.sh" "$M" debug >/dev/null 2>&1 || { echo "does not build"; return 1; }
	[ -s "$INITRD" ] || "$TOP/scripts/initramfs.sh" "$M" "$INITRD" >/dev/null 2>&1
	for z in $ZPOOLS; do
		(K=$M check_boot "$z") >"$LOGS/boot-$z.log" 2>&1 || why="${why:+$why; }boot-$z"
		(K=$M check_faults "$z") >>"$LOGS/boot-$z.log" 2>&1 || why="${why:+$why; }faults-$z"
		(K=$M check_kselftest "$z") >>"$LOGS/boot-$z.log" 2>&1 || why="${why:+$why; }kselftest-$z"
	done
	if [ -n "$why" ]; then echo "KILLED	failed: $why"; else echo "SURVIVED	every boot passed"; fi
}

# Stage body: mutant $1 is killed (by KUnit, or with MUTATE_BOOT=1 by a
# boot).  The verdicts go to $OUT/verdicts for the report.
kill_mutant() {
	local id=$1 file=$2 k b="-" LOGS=$OUT/$1
	mkdir -p "$LOGS"
	# Whatever happens, the tree goes back to the tip (expanded now: the
	# trap runs after the locals are gone).
	trap "git -C $(printf %q "$M") checkout -q -f --detach $TIP" EXIT
	git -C "$M" checkout -q -f --detach "$TIP"
	mutants apply "$id" "$M"
	git -C "$M" diff --stat | tail -n 1
	[ -n "$(git -C "$M" diff)" ] || { echo "mutant $id changes nothing"; return 1; }
	log "mutant $id: KUnit"
	k=$(kunit_on_mutant "$LOGS/kunit-verdict.log") || { echo "mutant $id does not build: $k"; return 1; }
	echo "KUnit: $k"
	if [ "${k%%	*}" = SURVIVED ] && [ -n "${MUTATE_BOOT:-}" ]; then
		log "mutant $id: survived KUnit, booting per zpool"
		b=$(boot_on_mutant) || { echo "mutant $id: the debug kernel does not build"; return 1; }
		echo "boots: $b"
	fi
	printf '%s\t%s\t%s\t%s\n' "$id" "${k%%	*}" "${b%%	*}" "$( [ "${k%%	*}" = KILLED ] && echo "${k#*	}" || echo "${b#*	}")" >>"$OUT/verdicts"
	git -C "$M" checkout -q -f --detach "$TIP"
	case "${k%%	*}/${b%%	*}" in
	KILLED/*|*/KILLED) echo "mutant $id killed" ;;
	*) echo "mutant $id SURVIVED: no test caught it"; return 1 ;;
	esac
}

# The table of this run, and the kill rates.
report() {
	local total=$1 kk kb
	kk=$(awk -F'\t' '$2 == "KILLED"' "$OUT/verdicts" | wc -l)
	kb=$(awk -F'\t' '$2 == "KILLED" || $3 == "KILLED"' "$OUT/verdicts" | wc -l)
	{
		echo "| mutant | file | what it breaks | KUnit | boots | first sign |"
		echo "|---|---|---|---|---|---|"
		while IFS=$'\t' read -r id file _ what; do
			v=$(awk -F'\t' -v id="$id" '$1 == id {gsub(/\|/, "/", $4); print $2 " | " $3 " | " $4}' "$OUT/verdicts")
			echo "| $id | $file | $what | ${v:-not run | - | -} |"
		done < <(selected)
		echo
		echo "KUnit alone: $kk of $total killed ($((100 * kk / total))%)."
		[ -z "${MUTATE_BOOT:-}" ] || echo "KUnit plus one debug boot per zpool: $kb of $total killed ($((100 * kb / total))%)."
	} >"$OUT/report.md"
	cat "$OUT/report.md"
	KK=$kk KB=$kb
}

# The mutants this run takes: MUTANTS="id ...", or MUTATE_SET=ci, or all;
# on x86_64 none marked "[i386]" or "[up]", with MUTATE_ARCH=i386 or up
# only the ones marked so.
selected() {
	local arch
	mutants list | while IFS=$'\t' read -r id file ci what; do
		case $ci in i386|up) arch=$ci ;; *) arch=x86_64 ;; esac
		if [ "$arch" != "${MUTATE_ARCH:-x86_64}" ]; then
			continue
		elif [ -n "${MUTANTS:-}" ]; then
			case " $MUTANTS " in *" $id "*) ;; *) continue ;; esac
		elif [ "${MUTATE_SET:-}" = ci ] && [ "$ci" != ci ]; then
			continue
		fi
		printf '%s\t%s\t%s\t%s\n' "$id" "$file" "$ci" "$what"
	done
}

# Stage bodies: every selected mutant applies at the tip; the tip itself
# passes the KUnit verdict in this tree.
apply_all() {
	local id
	while IFS=$'\t' read -r id _; do
		git -C "$M" checkout -q -f --detach "$TIP"
		mutants apply "$id" "$M"
	done <<<"$sel"
	git -C "$M" checkout -q -f --detach "$TIP"
	echo "$(echo "$sel" | wc -l) mutants apply at the tip"
}
control() {
	local LOGS=$OUT/control
	mkdir -p "$LOGS"
	rm -f "$M/${KUNIT_DIR:-.kunit}/vmlinux" "$LOGS/digest.log"
	K=$M check_kunit
	# The tip's digests (zpool_trace), which a mutant's must equal
	[ -z "${DIGEST_SRC:-}" ] || [ "${KUNIT_ARCH:-x86_64}" != x86_64 ] ||
		cp "$M/${KUNIT_DIR:-.kunit}/test.log" "$OUT/control/digest.log"
	[ -n "$(control_seconds)" ] || { echo "kunit.py printed no elapsed time for the tip's run"; return 1; }
	echo "the tip ran its suite in $(control_seconds) s; a mutant's run is stopped after $(mutant_timeout) s"
}

[ "${BASH_SOURCE[0]}" = "$0" ] || return 0

case ${MUTATE_SET:-all} in all|ci) ;; *) die "MUTATE_SET must be ci or empty, not '$MUTATE_SET'" ;; esac
mutants list >/dev/null || die "$MUTANTS_FILE is malformed"
sel=$(selected)
[ -n "$sel" ] || die "no mutant selected (MUTANTS='${MUTANTS:-}' MUTATE_SET='${MUTATE_SET:-}' MUTATE_ARCH='${MUTATE_ARCH:-}'; the mutants marked [i386] need MUTATE_ARCH=i386, those marked [up] MUTATE_ARCH=up)"
for a in i386 up; do
	[ "${MUTATE_ARCH:-x86_64}" = x86_64 ] || break
	n=$(mutants list | awk -F'\t' -v a="$a" '$3 == a' | wc -l)
	[ "$n" -eq 0 ] || log "$n mutant(s) marked [$a] left out: MUTATE_ARCH=$a make mutate judges them (make check-ports's $a run)"
done
if [ -n "${MUTANTS:-}" ]; then
	for id in $MUTANTS; do
		echo "$sel" | cut -f1 | grep -qxF "$id" || die "no mutant '$id' in ${MUTANTS_FILE#"$TOP"/}"
	done
fi
total=$(echo "$sel" | wc -l)
STAGE_REPORT=$OUT/stages.md
counts_init "$OUT/summary.txt"
: >"$OUT/verdicts"
# Every stage, so that [n/N] counts them all.
expect mutate-tree mutants-apply mutate-control
while IFS=$'\t' read -r id _; do expect "mutant-$id"; done <<<"$sel"
log "make mutate: $total mutants${MUTATE_BOOT:+, KUnit survivors booted per zpool}"
stage mutate-tree "$TOP/scripts/tree.sh" mutate
stage_passed mutate-tree || counts_finish
TIP=$(git -C "$M" rev-parse HEAD)
# Every selected mutant applies at the tip before the long run starts.
stage mutants-apply apply_all
stage_passed mutants-apply || counts_finish
# The unmutated tip must pass first, or no kill means anything.
stage mutate-control control
stage_passed mutate-control || counts_finish
n=0
while IFS=$'\t' read -r id file _; do
	n=$((n + 1))
	log "mutant $n/$total: $id"
	stage "mutant-$id" kill_mutant "$id" "$file"
done <<<"$sel"
report "$total"
# The goal: 90% killed by KUnit alone (MUTATE_MIN), 100% with the boots,
# and every mutant of a chosen subset (CI's, or MUTANTS=).
if [ -n "${MUTATE_BOOT:-}" ]; then want=100 got=$KB; else want=${MUTATE_MIN:-90} got=$KK; fi
[ "${MUTATE_SET:-}" != ci ] && [ -z "${MUTANTS:-}" ] || want=100
if [ $((100 * got)) -lt $((want * total)) ]; then
	result FAIL kill-rate "$got of $total killed, the goal is $want%"
	goal=1
else
	result PASS kill-rate "$got of $total killed, the goal is $want%"
	goal=0
fi
# Each survivor stays a FAIL line (a test to add); the exit status is the
# goal's.
(counts_finish) || true
exit "$goal"
