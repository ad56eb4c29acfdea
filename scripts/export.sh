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
	--cover-letter -o "$tmp" base..HEAD
# The cover letter: its subject and text come from the kept one, its
# shortlog, diffstat and base-commit from this export.
if [ -f "$TOP/patches/$cover" ] && [ "$n" -gt 0 ]; then
	python3 - "$TOP/patches/$cover" "$tmp/$cover" <<-'PY'
	import re, sys
	old, new = open(sys.argv[1]).read(), open(sys.argv[2]).read()
	subject = re.search(r"^Subject: \[PATCH[^]]*\] (.*(?:\n .*)*)", old, re.M).group(1)
	head, body = old.split("\n\n", 1)
	# The text ends where the generated shortlog ("Name (N):") begins.
	blurb = re.split(r"^\S.* \(\d+\):$", body, maxsplit=1, flags=re.M)[0].rstrip() + "\n"
	new = re.sub(r"\*\*\* SUBJECT HERE \*\*\*", lambda m: subject, new, count=1)
	new = new.replace("*** BLURB HERE ***\n", blurb, 1)
	open(sys.argv[2], "w").write(new)
	PY
	log "cover letter: text kept, shortlog, diffstat and base-commit regenerated"
fi
# Replace the old patches only once the new ones exist.  The first export
# writes git's cover letter template: fill in its subject and text once.
if [ -f "$tmp/$cover" ]; then
	find "$TOP/patches" -maxdepth 1 -name '*.patch' -delete
else
	find "$TOP/patches" -maxdepth 1 -name '*.patch' ! -name "$cover" -delete
fi
mkdir -p "$TOP/patches"
[ "$n" -eq 0 ] || mv "$tmp"/*.patch "$TOP/patches/"
{
	echo "# The zpdesc series, in the order git am applies it (make export writes this)."
	[ -f "$TOP/patches/$cover" ] && echo "$cover"
	(cd "$TOP/patches" && ls -1 -- *.patch 2>/dev/null | grep -vxF "$cover") || true
} >"$TOP/series"
"$TOP/scripts/tree.sh" record
log "exported $n patches to patches/ and series$( [ -f "$TOP/patches/$cover" ] && echo ", cover letter kept")"
