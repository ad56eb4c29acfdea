#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the guest initramfs: busybox, guest/init, the static workload and,
# when the tree has them, the zswap kselftests built static.
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
if [ -d "$src/tools/testing/selftests/zswap" ]; then
	log "building the zswap kselftests (static)"
	make -s -C "$src/tools/testing/selftests" TARGETS=zswap LDFLAGS=-static \
		O= INSTALL_PATH="$root/ksft" install >"$LOGS/kselftest-build.log" 2>&1 ||
		{ cat "$LOGS/kselftest-build.log" >&2; die "building the zswap kselftests failed"; }
	make -s -C "$src/tools/testing/selftests" TARGETS=zswap clean >/dev/null 2>&1 || true
else
	log "no tools/testing/selftests/zswap in the tree: the guest runs the workload only"
fi
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
log "initramfs: $out ($(du -h "$out" | cut -f1))"
