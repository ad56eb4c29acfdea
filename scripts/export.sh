#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the commits base..HEAD of build/linux into patches/ and series, with
# git format-patch --base.  patches/0000-cover-letter.patch is kept as it is.
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no kernel tree at $TREE: run 'make tree' first"
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "$TREE has uncommitted changes: commit them first (nothing was exported)"
n=$(git -C "$TREE" rev-list --count base..HEAD)
cover=0000-cover-letter.patch

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git -C "$TREE" format-patch -q --base=base --zero-commit --no-signature \
	-o "$tmp" base..HEAD
# Replace the old patches only once the new ones exist.
find "$TOP/patches" -maxdepth 1 -name '*.patch' ! -name "$cover" -delete
mkdir -p "$TOP/patches"
[ "$n" -eq 0 ] || mv "$tmp"/*.patch "$TOP/patches/"
{
	echo "# The zpdesc series, in the order git am applies it (make export writes this)."
	[ -f "$TOP/patches/$cover" ] && echo "$cover"
	(cd "$TOP/patches" && ls -1 -- *.patch 2>/dev/null | grep -vxF "$cover") || true
} >"$TOP/series"
"$TOP/scripts/tree.sh" record
log "exported $n patches to patches/ and series$( [ -f "$TOP/patches/$cover" ] && echo ", cover letter kept")"
