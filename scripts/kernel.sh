#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build a guest kernel out of tree, with ccache.
#   kernel.sh SRC run|debug   ->  SRC/.o-FLAVOUR/arch/x86/boot/bzImage
# The edition's config (zpool.config, or mainline.config with MAINLINE=1)
# and the guest's.  The .config is remade only when a fragment changed.
# The 6.12 series' debug kernel is its KUnit kernel, in SRC/.kunit (see
# debug_obj in lib.sh).
. "$(dirname "$0")/lib.sh"

src=$(realpath "${1:?usage: kernel.sh SRC run|debug}")
flavour=${2:?usage: kernel.sh SRC run|debug}
# BASE_CONFIG: what another base needs (STABLE_BASE=6.1, see lib.sh).
case $flavour in
run) frags=("$EDITION_CONFIG" ${BASE_CONFIG:+"$BASE_CONFIG"} "$TOP/configs/guest.config") ;;
debug) frags=("$EDITION_CONFIG" ${BASE_CONFIG:+"$BASE_CONFIG"} "$TOP/configs/guest.config" "$TOP/configs/debug.config") ;;
*) die "unknown kernel flavour '$flavour' (run or debug)" ;;
esac
# The 6.12 edition's debug kernel is the KUnit kernel (lib.sh's debug_obj):
# kunit.py builds it in .kunit with the arguments the KUnit run passes.
if [ "$flavour" = debug ] && [ "$(debug_obj "$src")" = .kunit ]; then
	kunit_args "$src" >&2 || exit 1
	cd "$src"
	run_logged kernel-debug python3 tools/testing/kunit/kunit.py build "${KARGS[@]}"
	exit 0
fi
# The 7.2 edition's debug guest of a tree with the KUnit suite (LIVE_CONFIG):
# the suite built in, for the live run (check_kunit_live in check.sh).
if [ "$flavour" = debug ] && [ -n "${LIVE_CONFIG:-}" ] && [ -n "$(kunitconfig_of "$src")" ]; then
	frags+=("$LIVE_CONFIG")
fi
obj=$src/.o-$flavour
stamp=$(cat "${frags[@]}" | sha1sum | cut -c1-12)
if [ "$(cat "$obj/.fragments" 2>/dev/null)" != "$stamp" ]; then
	log "configuring the $flavour kernel"
	configure_kernel "$src" "$obj" x86_64 "${frags[@]}"
	echo "$stamp" >"$obj/.fragments"
fi
run_logged "kernel-$flavour" make -C "$src" O="$obj" CC="ccache gcc" -j"$JOBS" bzImage
