#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make decode LOG=FILE [KERNEL=DIR]: the kernel reports in a console or a
# KUnit log (BUG, WARNING, KASAN, Oops: their call traces), with each
# frame's file:line, through the kernel's scripts/decode_stacktrace.sh.
# Writes FILE.decoded and prints its frames.
#
# The workbench's kernels carry no debug info: -g would slow every build,
# CI's among them, for the rare run that has a splat to read.  So this
# builds the kernel of DIR once more, in DIR-g, from the same tree and
# the same .config with DWARF line info added (DEBUG_INFO_REDUCED), and
# decodes against that.  GCC's code does not depend on -g, so a frame's
# function+offset/size points at the same instruction in both.  The size a
# trace prints is kallsyms' distance to the next symbol; each frame's is
# checked against DIR-g's System.map, and a mismatch (the tree changed
# since DIR was built, or DIR is not the kernel that printed the log)
# stops the decode.
#
# DIR defaults to the kernel of the tip's KUnit run and debug guests:
# build/check/.kunit (the 6.12 edition shares the two), or with MAINLINE=1
# build/mainline-check/.o-debug for the guests (KERNEL=
# build/mainline-check/.kunit for its KUnit log).  For a base or stable
# kernel, or a mutant's (build/mutate/.kunit, while the mutant is still
# applied), name it.
. "$(dirname "$0")/lib.sh"

file=${LOG:-${1:-}}
[ -n "$file" ] || die "usage: make decode LOG=FILE [KERNEL=DIR] (a console or a KUnit test.log)"
[ -f "$file" ] || die "$file: no such file"
file=$(realpath "$file")
kdir=${KERNEL:-}
if [ -z "$kdir" ]; then
	[ -d "$CHECK_TREE" ] || die "no $CHECK_TREE: run make check first, or name the kernel with KERNEL=DIR"
	kdir=$CHECK_TREE/$(debug_obj "$CHECK_TREE")
fi
kdir=$(realpath "$kdir")
src=$(dirname "$kdir")
[ -f "$kdir/.config" ] && [ -f "$kdir/vmlinux" ] ||
	die "$kdir holds no built kernel (.config and vmlinux): name the kernel that printed $file with KERNEL=DIR"
[ -x "$src/scripts/decode_stacktrace.sh" ] || die "$src is not a kernel tree (no scripts/decode_stacktrace.sh)"
# The architecture DIR was built for (kunit.py and kernel.sh pass ARCH).
if grep -q '^CONFIG_ARM64=y' "$kdir/.config"; then
	mk=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-)
	export CROSS_COMPILE=aarch64-linux-gnu-
elif grep -q '^CONFIG_X86_64=y' "$kdir/.config"; then
	mk=(ARCH=x86_64)
elif grep -q '^CONFIG_X86_32=y' "$kdir/.config"; then
	mk=(ARCH=i386)
else
	die "$kdir/.config: neither x86 nor arm64, which this does not know how to build"
fi

# The frames: "function+0xOFF/0xSIZE", as every call trace prints them.
frames=$(grep -oE '\b[A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+/0x[0-9a-f]+' "$file" | sort -u || true)
if [ -z "$frames" ]; then
	log "$file: no call trace (no function+0xOFF/0xSIZE frame): nothing to decode"
	exit 0
fi
log "decode: $(echo "$frames" | wc -l) distinct frames in ${file#"$TOP"/}; kernel ${kdir#"$TOP"/}"

# DIR-g: DIR's .config with line info.  Rebuilt when DIR's .config changed.
g=$kdir-g
mkdir -p "$g"
if ! cmp -s "$kdir/.config" "$g/.config.from"; then
	log "decode: configuring ${g#"$TOP"/} (${kdir#"$TOP"/}'s .config with DEBUG_INFO_REDUCED)"
	cp "$kdir/.config" "$g/.config"
	"$src/scripts/config" --file "$g/.config" -d DEBUG_INFO_NONE \
		-e DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT -e DEBUG_INFO_REDUCED \
		-d DEBUG_INFO_SPLIT -d DEBUG_INFO_BTF -d GDB_SCRIPTS
	make -s -C "$src" O="$g" "${mk[@]}" CC="ccache ${CROSS_COMPILE:-}gcc" olddefconfig >/dev/null
	grep -q '^CONFIG_DEBUG_INFO=y' "$g/.config" || die "${g#"$TOP"/}: CONFIG_DEBUG_INFO did not stick"
	# Every option but the debug info ones must be DIR's.
	d=$(diff <(grep -vE 'DEBUG_INFO|GDB_SCRIPTS|PAHOLE|^#|^$' "$kdir/.config" | sort) \
		<(grep -vE 'DEBUG_INFO|GDB_SCRIPTS|PAHOLE|^#|^$' "$g/.config" | sort) || true)
	[ -z "$d" ] || die "adding debug info changed other options of the .config: $(echo "$d" | head -n 4 | tr '\n' ' ')"
	cp "$kdir/.config" "$g/.config.from"
fi
log "decode: building ${g#"$TOP"/}/vmlinux with line info (the first time a full kernel: minutes)"
run_logged decode-vmlinux make -C "$src" O="$g" "${mk[@]}" CC="ccache ${CROSS_COMPILE:-}gcc" -j"$JOBS" vmlinux

# Each frame's size, as kallsyms computes it (the distance from the symbol
# to the next higher text symbol), must be one that a symbol of that name
# has in DIR-g's System.map (static names repeat).
sizes=$(python3 - "$g/System.map" <<-'PY'
	import sys
	syms = []
	for line in open(sys.argv[1]):
	    f = line.split()
	    if len(f) >= 3 and f[1] in "tTwW":
	        syms.append((int(f[0], 16), f[2]))
	addrs = sorted({a for a, _ in syms})
	after = dict(zip(addrs, addrs[1:]))
	for a, name in syms:
	    if a in after:
	        print(name, after[a] - a)
	PY
)
bad=0 checked=0
while read -r f; do
	fn=${f%%+*} size=$((${f##*/}))
	have=$(echo "$sizes" | awk -v fn="$fn" '$1 == fn {print $2}' | tr '\n' ' ')
	[ -n "$have" ] || continue	# a module's symbol: vmlinux does not have it
	checked=$((checked + 1))
	case " $have" in
	*" $size "*) ;;
	*) echo "decode: $fn: the log says size $size, ${g#"$TOP"/} has ${have% }"; bad=1 ;;
	esac
done <<<"$frames"
[ "$bad" -eq 0 ] || die "the code in ${g#"$TOP"/} is not the code that printed $file (a tree changed since, or another kernel: KERNEL=DIR): not decoding"
log "decode: $checked frames' functions have the sizes the log printed"

out=$file.decoded
"$src/scripts/decode_stacktrace.sh" "$g/vmlinux" "$g/.." <"$file" >"$out" 2>/dev/null ||
	die "decode_stacktrace.sh failed on $file"
# decode_stacktrace.sh writes a frame as "function (file:line)", with the
# inlined callers' file:line before it inside the parentheses.
n=$(grep -cE ' \([^()]*\.[chS]:[0-9]+' "$out" || true)
grep -m 40 -E 'BUG:|WARNING:|Oops|Call Trace:|kernel BUG at| \([^()]*\.[chS]:[0-9]+' "$out" || true
log "decode: $n frames with file:line in ${out#"$TOP"/}"
[ "$n" -gt 0 ] || die "no frame got a file:line: see ${out#"$TOP"/}"
