#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a guest kernel in QEMU with zswap on ZPOOL, stream its progress, keep
# the console log, and judge it.
#   boot.sh KERNEL INITRD ZPOOL LOG [wb.knob=value ...]
# Two files per boot: LOG, the console (ttyS0: the kernel's messages), and
# LOG's .results (results_of in lib.sh: ttyS1, a serial port of its own on
# which the guest's init, the workload and the kselftests write everything
# they print).  The judges read results there, where no kernel message can
# cut into a line or forge one, and splats in the console.
# Exit status 0 only if: the guest finished, zswap used ZPOOL, it stored
# pages, the workload verified every byte,
# and the console holds no BUG, WARNING, KASAN report or lockdep splat.
. "$(dirname "$0")/lib.sh"

kernel=${1:?usage: boot.sh KERNEL INITRD ZPOOL LOG [knobs]}
initrd=${2:?} zpool=${3:?} logf=${4:?}
shift 4
# The verdict must come from this boot: no console of an earlier one stays,
# even if this one never starts.
res=$(results_of "$logf")
rm -f "$logf" "$logf.raw" "$res" "$res.raw"
# EXPECT: the zpool zswap must end up using (default: ZPOOL, which must
# then be a valid one; make check sets it to boot with a bogus ZPOOL).
expect=${EXPECT:-$zpool}
[ -n "${EXPECT:-}" ] || check_zpool "$zpool"
zswap_args="zswap.enabled=1 zswap.zpool=$zpool"
# 7.2 (MAINLINE=1) has no zpool layer: zswap calls zsmalloc, and the guest
# must find no zswap.zpool parameter ("none").
[ "$ZPOOL_PARAM" = 1 ] || { zswap_args="zswap.enabled=1" expect=none; }
[ -f "$kernel" ] || die "no kernel image at $kernel"
MEM=${MEM:-256}
TIMEOUT=${TIMEOUT:-1200}

# QEMU's accelerator: KVM only where a short probe boot proves it works.
# The answer holds for this host boot and this QEMU: the cache is keyed by
# the host's boot id and QEMU's version, so a new machine probes again.
pick_accel() {
	local cache=$BUILD/accel key
	if [ -n "${ACCEL:-}" ]; then echo "$ACCEL"; return; fi
	key="$(cat /proc/sys/kernel/random/boot_id) $(qemu-system-x86_64 --version | head -n1)"
	if [ "$(sed -n 2p "$cache" 2>/dev/null)" != "$key" ]; then
		printf 'tcg\n%s\n' "$key" >"$cache"
		if [ -w /dev/kvm ] &&
		   timeout --foreground 60 qemu-system-x86_64 -accel kvm -cpu host -m 256 -nographic \
			-no-reboot -kernel "$kernel" -initrd "$initrd" \
			-append "console=ttyS0 panic=-1 kunit.enable=0 wb.probe=1" </dev/null 2>&1 |
			grep -q 'WB: done'; then
			printf 'kvm\n%s\n' "$key" >"$cache"
		fi
		log "accelerator probe: $(head -n1 "$cache") (KVM $( [ "$(head -n1 "$cache")" = kvm ] && echo works || echo failed or absent))"
	fi
	head -n1 "$cache"
}

accel=$(pick_accel)
case $accel in
kvm) accel_args=(-accel kvm -cpu host) ;;
# Deterministic: the guest clock counts instructions (1 ns each).
icount) accel_args=(-accel tcg -cpu max -icount shift=0,sleep=off) ;;
*) accel_args=(-accel tcg,thread=multi -cpu max) ;;
esac
swap=$(mktemp "$BUILD/swap.XXXXXX")
trap 'rm -f "$swap"' EXIT
truncate -s 512M "$swap"

# kunit.enable=0: the 6.12 debug kernel is also the KUnit kernel (lib.sh's
# debug_obj), and its suites must not run in a guest.
cmdline="console=ttyS0 panic=-1 oops=panic kunit.enable=0 $zswap_args $*"
log "booting ${kernel#"$TOP"/}, zpool $zpool, $accel, ${MEM} MiB: $cmdline"
start=$SECONDS
set +e
# --foreground: QEMU stays in this process group, so Ctrl-C stops it too.
# Two ISA serial ports: the console (ttyS0) on stdio, the results port
# (ttyS1) in a file.  Given explicitly: an -device isa-serial would turn off
# -nographic's default serial and become ttyS0 itself.  No monitor (stdin
# is /dev/null anyway).  The results are streamed to the terminal as they
# come.
: >"$res.raw"
# QEMU_NICE: see scripts/tcg/qemu-system-x86_64.
[ -z "${QEMU_NICE:-}" ] || renice -n "$QEMU_NICE" -p $$ >/dev/null
timeout --foreground "$TIMEOUT" qemu-system-x86_64 "${accel_args[@]}" -smp 2 -m "$MEM" \
	-nographic -monitor none -serial stdio -serial file:"$res.raw" \
	-no-reboot -kernel "$kernel" -initrd "$initrd" -append "$cmdline" \
	-drive file="$swap",if=virtio,format=raw,cache=unsafe </dev/null >"$logf.raw" 2>&1 &
qpid=$!
tail -n +1 -F --pid="$qpid" "$res.raw" 2>/dev/null | tr -d '\r' |
	grep --line-buffered -E '^(WB:|workload:|zswap after|phase |# |ok |not ok )' |
	grep --line-buffered -v '^WB: stress sample ' |
	sed -u 's/^/  guest| /' >&2 &
wait "$qpid"
qrc=$?
wait
tr -d '\r' <"$logf.raw" >"$logf"
tr -d '\r' <"$res.raw" >"$res"
rm -f "$logf.raw" "$res.raw"
set -e
log "guest ran $((SECONDS - start)) s (qemu exit $qrc), console: ${logf#"$TOP"/}, results: ${res#"$TOP"/}"
judge_console "$logf" "$expect"
