#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: the base and the patched kernel side by side, in one run.
#   Code:  size, bloat-o-meter and per-function instruction counts of the
#          zpool objects, both built with the run kernel's config.
#   Speed: PAIRS pairs of boots, base then patched, each pushing the same
#          workload through every zpool, timed inside the guest; plus one
#          pair under -icount, whose guest clock counts instructions.
#          Reported as ratios of the phase times, per pair.
#   Upstream's measure: mm/zsmalloc.o (and z3fold, zbud) on x86_64
#          defconfig plus configs/zpool.config, base against patched, as
#          the upstream zpdesc series published it (37328 -> 34960 bytes).
# Writes build/bench/report.md and build/bench/ratios.png.
. "$(dirname "$0")/lib.sh"

PAIRS=${PAIRS:-5}
BENCH_MIB=${BENCH_MIB:-48}
OUT=$BUILD/bench
OBJS="mm/zsmalloc.o mm/z3fold.o mm/zbud.o"
# The hot paths: alloc, free, map, unmap, migrate, compact.
# z3fold's and zbud's own functions are static and mostly inlined into
# their zpool_driver callbacks: list both, the report keeps what exists.
HOT="zs_malloc zs_free zs_map_object zs_unmap_object zs_page_migrate zs_compact
z3fold_alloc z3fold_free z3fold_map z3fold_unmap z3fold_page_migrate do_compact_page z3fold_compact_page
z3fold_zpool_malloc z3fold_zpool_free z3fold_zpool_map z3fold_zpool_unmap
zbud_alloc zbud_free zbud_map zbud_unmap
zbud_zpool_malloc zbud_zpool_free zbud_zpool_map zbud_zpool_unmap"
mkdir -p "$OUT"
rm -f "$OUT"/*.console "$OUT"/phases.tsv "$OUT"/base-findings.txt

# The zpool objects of tree $1 built on x86_64 defconfig + zpool.config,
# in $1/.o-defconfig.
defconfig_objects() {
	local t=$1 obj=$1/.o-defconfig
	CONFIG_START=defconfig configure_kernel "$t" "$obj" x86_64 "$TOP/configs/zpool.config"
	run_logged "defconfig-prepare-$(basename "$t")" make -C "$t" O="$obj" CC="ccache gcc" -j"$JOBS" prepare
	rm -f "$obj"/mm/z*.o
	run_logged "defconfig-objects-$(basename "$t")" make -C "$t" O="$obj" CC="ccache gcc" -j"$JOBS" $OBJS
}

log "bench: $PAIRS pairs, $BENCH_MIB MiB per zpool per boot"
"$TOP/scripts/tree.sh" base
"$TOP/scripts/tree.sh" check
for t in "$BASE_TREE" "$CHECK_TREE"; do
	"$TOP/scripts/kernel.sh" "$t" run
	defconfig_objects "$t"
done
"$TOP/scripts/initramfs.sh" "$BASE_TREE" "$OUT/initramfs.cpio.gz"

# Static instruction count of function $2 in object $1 ("-" if inlined).
# A subshell: awk stops reading at the end of the function, so pipefail is
# off here, and only here.
insns() (
	set +o pipefail
	objdump -d --no-show-raw-insn "$1" |
		awk -v f="<$2>:" '$2 == f {on = 1; next} on && /^$/ {exit} on && /^ *[0-9a-f]+:/ {n++} END {print on ? n : "-"}'
)

# size(1) of the objects of both trees in build dir $1 (.o-run, ...).
size_table() {
	local o b p
	echo "| object | base text | patched text | base data | patched data | base total | patched total | total ratio |"
	echo "|---|---|---|---|---|---|---|---|"
	for o in $OBJS; do
		b=$(size "$BASE_TREE/$1/$o" | awk 'NR == 2 {print $1, $2, $4}')
		p=$(size "$CHECK_TREE/$1/$o" | awk 'NR == 2 {print $1, $2, $4}')
		set -- "$1" $b $p
		echo "| $o | $2 | $5 | $3 | $6 | $4 | $7 | $(awk -v a="$4" -v b="$7" 'BEGIN {printf "%.3f", b / a}') |"
	done
}

code_report() {
	local o b p f
	echo "## Code on upstream's terms: x86_64 defconfig + configs/zpool.config"
	echo
	echo "Upstream's zsmalloc zpdesc series reported mm/zsmalloc.o on x86_64"
	echo "defconfig going from 37328 to 34960 bytes (-6.3%), size's total."
	echo
	size_table .o-defconfig
	echo
	for o in $OBJS; do
		echo "### scripts/bloat-o-meter $o (defconfig)"
		echo '```'
		"$CHECK_TREE/scripts/bloat-o-meter" "$BASE_TREE/.o-defconfig/$o" "$CHECK_TREE/.o-defconfig/$o"
		echo '```'
	done
	echo
	echo "## Code (run kernel config: configs/zpool.config + configs/guest.config)"
	echo
	size_table .o-run
	echo
	for o in $OBJS; do
		echo "### scripts/bloat-o-meter $o"
		echo '```'
		"$CHECK_TREE/scripts/bloat-o-meter" "$BASE_TREE/.o-run/$o" "$CHECK_TREE/.o-run/$o"
		echo '```'
	done
	echo
	echo "### Instructions per hot-path function (objdump, static count)"
	echo
	echo "| function | base | patched |"
	echo "|---|---|---|"
	for f in $HOT; do
		for o in $OBJS; do
			b=$(insns "$BASE_TREE/.o-run/$o" "$f")
			p=$(insns "$CHECK_TREE/.o-run/$o" "$f")
			[ "$b$p" = "--" ] && continue
			echo "| $f | $b | $p |"
			break
		done
	done
}

# One boot, timed by the guest: clock = wall (TCG) or icount (instructions).
bench_boot() {
	local side=$1 tree=$2 n=$3 clock=$4 con=$OUT/$4-$1-$3.console verdict res
	log "bench: $clock pair $n, $side kernel"
	# boot.sh judges the boot as any other (every byte, the zswap path,
	# taint, splats).  A patched boot that fails it fails make bench.  The
	# base is the reference and has the z3fold bugs that patches 1-4 fix
	# (its z3fold_handle cache can be destroyed with objects left): its
	# findings go into the report, but its data must still verify.
	if ! verdict=$(ACCEL=$( [ "$clock" = icount ] && echo icount || echo tcg ) TIMEOUT=1800 \
		"$TOP/scripts/boot.sh" "$tree/.o-run/arch/x86/boot/bzImage" \
		"$OUT/initramfs.cpio.gz" zsmalloc "$con" "wb.bench=$BENCH_MIB" 2>/dev/null); then
		[ "$side" = base ] ||
			die "bench boot ($clock pair $n, $side) failed: $(echo "$verdict" | tr '\n' ' ') (console: $con)"
		printf '%s pair %s: %s\n' "$clock" "$n" "$(echo "$verdict" | tr '\n' ' ')" >>"$OUT/base-findings.txt"
		log "bench: the base kernel's boot has findings (in the report): $(echo "$verdict" | head -n1)"
	fi
	res=$(results_of "$con")
	grep -q '^WB: done' "$res" || die "bench boot did not finish: $res"
	[ "$(grep -c '^WB: bench exit 0$' "$res")" -eq 3 ] || die "a bench workload failed (data or zswap path): $res"
	awk -v side="$side" -v n="$n" -v clock="$clock" '
		/^WB: bench zpool/ {z = $NF}
		/^phase / {print clock "\t" side "\t" n "\t" z "\t" $2 "\t" $(NF - 1)}
		/^zswap after-store pool_total_size/ {print clock "\t" side "\t" n "\t" z "\tpool\t" $NF / 4096}
		/^zswap after-store stored_pages/ {print clock "\t" side "\t" n "\t" z "\tstored\t" $NF}
	' "$res" >>"$OUT/phases.tsv"
}

code_report >"$OUT/code.md"
for n in $(seq 1 "$PAIRS"); do
	bench_boot base "$BASE_TREE" "$n" wall
	bench_boot patched "$CHECK_TREE" "$n" wall
done
bench_boot base "$BASE_TREE" 1 icount
bench_boot patched "$CHECK_TREE" 1 icount

# Per pair: patched throughput / base throughput = base time / patched time.
awk -F'\t' '$5 != "pool" && $5 != "stored" {t[$1, $2, $3, $4, $5] = $6; k[$1 "\t" $4 "\t" $5 "\t" $3] = 1}
	END {for (x in k) {split(x, a, "\t")
		print a[1] "\t" a[2] "\t" a[3] "\t" a[4] "\t" t[a[1], "base", a[4], a[2], a[3]] / t[a[1], "patched", a[4], a[2], a[3]]}}' \
	"$OUT/phases.tsv" | sort >"$OUT/ratios.tsv"

# min, median and max of the ratios of one clock, zpool and phase.
stats() {
	awk -F'\t' -v c="$1" -v z="$2" -v ph="$3" '$1 == c && $2 == z && $3 == ph {print $5}' "$OUT/ratios.tsv" |
		sort -g | awk '{v[NR] = $1} END {if (!NR) {print "| - | - | - |"; exit}
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "| %.3f | %.3f | %.3f |\n", v[1], m, v[NR]}'
}

# The compression ratio of every boot of side $1 on zpool $2: stored pages
# over pool pages, in boot order.
ratios() {
	awk -F'\t' -v side="$1" -v z="$2" '$2 == side && $4 == z && ($5 == "pool" || $5 == "stored") {
			k = $1 "\t" $3; v[k, $5] = $6; if (!(k in seen)) {seen[k] = 1; o[++n] = k}}
		END {for (i = 1; i <= n; i++) if (v[o[i], "pool"] > 0) printf "%.2f ", v[o[i], "stored"] / v[o[i], "pool"]}' \
		"$OUT/phases.tsv"
}

{
	echo "# make bench: base against patched"
	echo
	echo "Produced by \`make bench PAIRS=$PAIRS BENCH_MIB=$BENCH_MIB\` on $(date -u +%F), $(nproc) cores, QEMU TCG."
	echo "Each boot pushes $BENCH_MIB MiB through each zpool: store = fill + memory.reclaim"
	echo "into zswap, load = fault back and verify every byte.  Ratios are"
	echo "patched/base throughput (base time / patched time) per pair: above 1 is faster."
	echo
	echo "## Speed"
	echo
	echo "| zpool | phase | wall min | wall median | wall max | instructions (icount) |"
	echo "|---|---|---|---|---|---|"
	for z in $ZPOOLS; do
		for ph in store load; do
			echo "| $z | $ph $(stats wall "$z" "$ph") $(stats icount "$z" "$ph" | cut -d'|' -f3) |"
		done
	done
	echo
	echo "wall: $PAIRS pairs timed by the guest clock under multi-threaded TCG."
	echo "instructions: one pair under \`-icount shift=0,sleep=off\`, where the guest clock"
	echo "counts executed instructions, so the figure is deterministic."
	echo
	echo "## Memory: zswap pool pages after the store phase (every boot)"
	echo
	echo "| zpool | base | patched |"
	echo "|---|---|---|"
	for z in $ZPOOLS; do
		echo "| $z | $(awk -F'\t' -v z="$z" '$2 == "base" && $4 == z && $5 == "pool" {printf "%s ", $6}' "$OUT/phases.tsv")| $(awk -F'\t' -v z="$z" '$2 == "patched" && $4 == z && $5 == "pool" {printf "%s ", $6}' "$OUT/phases.tsv")|"
	done
	echo
	echo "## Compression ratio after the store phase (every boot)"
	echo
	echo "Pages stored in zswap over the pool's pages (\`stored_pages\` over"
	echo "\`pool_total_size\` / 4096): what each zpool packs into a page."
	echo
	echo "| zpool | base | patched |"
	echo "|---|---|---|"
	for z in $ZPOOLS; do
		echo "| $z | $(ratios base "$z")| $(ratios patched "$z")|"
	done
	echo
	if [ -s "$OUT/base-findings.txt" ]; then
		echo "## Findings on the base kernel (the reference; the series fixes them)"
		echo
		sed 's/^/    /' "$OUT/base-findings.txt"
		echo
	fi
	cat "$OUT/code.md"
} >"$OUT/report.md"

if command -v gnuplot >/dev/null; then
	# One column per zpool and phase: a dot per wall-clock pair, a cross
	# for the instruction count.
	rm -f "$OUT"/ratios-*.dat
	awk -F'\t' -v out="$OUT" '{k = $2 "-" $3; if (!(k in x)) {x[k] = ++n; print n, k > (out "/ratios.tics")}
		print x[k], $5 > (out "/ratios-" $1 ".dat")}' "$OUT/ratios.tsv"
	tics=$(awk '{printf "%s\"%s\" %d", (NR > 1 ? ", " : ""), $2, $1}' "$OUT/ratios.tics")
	gnuplot <<-EOF
		set terminal png size 900,450
		set output "$OUT/ratios.png"
		set title "patched/base throughput per zpool and phase (1.00 = no change)"
		set xtics ($tics)
		set xrange [0.5:$(wc -l <"$OUT/ratios.tics").5]
		set grid ytics
		set key top left
		plot "$OUT/ratios-wall.dat" using 1:2 title "wall clock, one dot per pair" with points pt 7 ps 1.2, \
		     "$OUT/ratios-icount.dat" using 1:2 title "instructions (-icount)" with points pt 2 ps 2 lw 2, \
		     1 notitle lt 0
	EOF
fi
cat "$OUT/report.md"
log "bench: report in ${OUT#"$TOP"/}/report.md$( [ -f "$OUT/ratios.png" ] && echo ", plot in ${OUT#"$TOP"/}/ratios.png")"
