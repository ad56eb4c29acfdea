#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the commits base..HEAD of build/linux into patches/ and series (with
# MAINLINE=1: build/mainline into mainline/patches and mainline/series), with
# git format-patch --base, and the stable series, the leading commits that
# carry "Cc: stable@vger.kernel.org" (the z3fold fixes), also alone into
# stable/patches/ and stable/series: it ships to the stable trees without
# the rest.  Each 0000-cover-letter.patch is kept as it is: its subject and
# text stay, its shortlog, diffstat and base-commit are regenerated.
. "$(dirname "$0")/lib.sh"

[ -d "$TREE/.git" ] || die "no kernel tree at $TREE: run 'make tree' first"
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "$TREE has uncommitted changes: commit them first (nothing was exported)"
cover=0000-cover-letter.patch

# usage: export_series DIR REVISION-RANGE: DIR/patches and DIR/series.
export_series() {
	local dir=$1 range=$2 n tmp label prefix
	label=${dir#"$TOP"}
	label=${label#/}
	label=${label:-.}/
	n=$(git -C "$TREE" rev-list --count "$range")
	tmp=$(mktemp -d)
	# The subject prefix ("PATCH v2") is the kept cover letter's.
	prefix=
	[ ! -f "$dir/patches/$cover" ] ||
		prefix=$(sed -n 's/^Subject: \[\(PATCH[^]]*\) [0-9]*\/[0-9]*\].*/\1/p' "$dir/patches/$cover" | head -n1)
	git -C "$TREE" format-patch -q --base=base --zero-commit --no-signature \
		--subject-prefix="${prefix:-PATCH}" --cover-letter -o "$tmp" "$range"
	if [ -f "$dir/patches/$cover" ] && [ "$n" -gt 0 ]; then
		python3 "$TOP/scripts/cover.py" fill "$dir/patches/$cover" "$tmp/$cover"
		log "${label}patches/$cover: text kept; shortlog, diffstat and base-commit regenerated"
	fi
	# Replace the old patches only once the new ones exist.  The first
	# export writes git's cover letter template: fill in its subject and
	# text once.
	mkdir -p "$dir/patches"
	find "$dir/patches" -maxdepth 1 -name '*.patch' -delete
	[ "$n" -eq 0 ] || mv "$tmp"/*.patch "$dir/patches/"
	rm -rf "$tmp"
	{
		echo "# The patches, in the order git am applies them (make export writes this)."
		[ ! -f "$dir/patches/$cover" ] || echo "$cover"
		(cd "$dir/patches" && ls -1 -- *.patch 2>/dev/null | grep -vxF "$cover") || true
	} >"$dir/series"
	log "exported $n patches to ${label}patches and ${label}series"
}

# STABLE_BASE=6.1: build/linux-6.1 holds the fixes as 6.1 takes them
# (see lib.sh); they go to stable/6.1, prefixed "PATCH 6.1.y".
if [ "$STABLE_BASE" != 6.12 ]; then
	# check-stable leaves the reproducers' commit (stable/6.1/tests) on top:
	# it goes to no tree, so not into the series.
	for p in $(series_patches "$STABLE_DIR/tests"); do
		id=$(git patch-id --stable <"$p" | cut -d' ' -f1)
		for c in $(git -C "$TREE" rev-list base..HEAD); do
			[ "$(git -C "$TREE" show "$c" | git patch-id --stable | cut -d' ' -f1)" != "$id" ] ||
				die "$(git -C "$TREE" log -1 --format='%h ("%s")' "$c") is ${p#"$TOP"/}, the reproducers' commit, which check-stable applies on top: drop it (git -C ${TREE#"$TOP"/} reset --hard $c~1 if it is the last) and export again; nothing was written"
		done
	done
	[ -f "$STABLE_DIR/patches/$cover" ] || { mkdir -p "$STABLE_DIR/patches"; printf 'Subject: [PATCH %s.y 0/0] *** SUBJECT HERE ***\n' "$STABLE_BASE" >"$STABLE_DIR/patches/$cover"; }
	export_series "$STABLE_DIR" base..HEAD
	exit 0
fi
# The stable series: the leading commits that Cc stable.
nstable=0
for c in $(git -C "$TREE" rev-list --reverse base..HEAD); do
	git -C "$TREE" log -1 --format=%B "$c" | grep -qi '^Cc: stable@vger.kernel.org' || break
	nstable=$((nstable + 1))
done
export_series "$SERIES_DIR" base..HEAD
if [ "${MAINLINE:-0}" = 1 ]; then
	:	# the mainline edition has no stable part
elif [ "$nstable" -gt 0 ]; then
	export_series "$TOP/stable" "base..$(git -C "$TREE" rev-list --reverse base..HEAD | sed -n "${nstable}p")"
else
	log "no leading commit Cc's stable: stable/ left as it is"
fi
"$TOP/scripts/tree.sh" record
