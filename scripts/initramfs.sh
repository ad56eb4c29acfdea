#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest initramfs: busybox, guest/init, the static workload and,
# when the tree has them, the edition's kselftests built static (KSFT_TARGET:
# the series' zswap directory on 6.12, upstream's cgroup one on 7.2).
#   initramfs.sh SRC OUT.cpio.gz
. "$(dirname "$0")/lib.sh"

src=$(realpath "${1:?usage: initramfs.sh SRC OUT}")
out=${2:?usage: initramfs.sh SRC OUT}
root=$(mktemp -d "$BUILD/initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,dev,proc,sys,tmp}
cp /bin/busybox "$root/bin/busybox"
install -m 755 "$TOP/guest/init" "$root/init"
gcc -O2 -Wall -Wextra -Werror -static -o "$root/bin/zswap-workload" "$TOP/guest/zswap-workload.c"
if [ -d "$src/tools/testing/selftests/$KSFT_TARGET" ]; then
	log "building the $KSFT_TARGET kselftests (static)"
	make -s -C "$src/tools/testing/selftests" TARGETS="$KSFT_TARGET" LDFLAGS=-static \
		O= INSTALL_PATH="$root/ksft" install >"$LOGS/kselftest-build.log" 2>&1 ||
		{ cat "$LOGS/kselftest-build.log" >&2; die "building the $KSFT_TARGET kselftests failed"; }
	make -s -C "$src/tools/testing/selftests" TARGETS="$KSFT_TARGET" clean >/dev/null 2>&1 || true
else
	log "no tools/testing/selftests/$KSFT_TARGET in the tree: the guest runs the workload only"
fi
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
log "initramfs: $out ($(du -h "$out" | cut -f1))"
