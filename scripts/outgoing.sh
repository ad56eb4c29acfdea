#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make outgoing [MAINLINE=1 | STABLE=1]: the committed series, made ready to
# send under the sender's own identity, in build/outgoing/EDITION/.
#
# The patches in the repository carry a placeholder author and sign-off
# ("zpdesc developers <zpdesc-dev@example.org>").  Here each From: and
# each placeholder Signed-off-by: becomes the sender's `git config
# user.name` and `user.email` (SENDER_NAME= and SENDER_EMAIL= override):
# by sending, the sender certifies the patches (the DCO) in their own name.
# Each patch gets To: (the maintainers) and Cc: (reviewers and lists) from
# the kernel tree's scripts/get_maintainer.pl on that patch; the cover
# letter gets the union.  The repository's patches are not touched.
. "$(dirname "$0")/lib.sh"

PLACEHOLDER="zpdesc developers <zpdesc-dev@example.org>"
if [ "${STABLE:-0}" = 1 ]; then
	[ "${MAINLINE:-0}" != 1 ] || die "STABLE=1 is the 6.12 edition's stable series: not with MAINLINE=1"
	src=$STABLE_DIR edition=$STABLE_BASE-stable	# STABLE_BASE=6.1: stable/6.1
else
	src=$SERIES_DIR edition=$( [ "${MAINLINE:-0}" = 1 ] && echo mainline || echo 6.12)
fi
name=${SENDER_NAME:-$(git -C "$TOP" config user.name || true)}
email=${SENDER_EMAIL:-$(git -C "$TOP" config user.email || true)}
case "$name <$email>" in
" <"*|*"<>"|"$PLACEHOLDER"|*[@.]example.org\>|*[@.]example.com\>|*[@.]example.net\>|*.example\>|*.invalid\>)
	die "no sender identity of your own ('$name <$email>'): set it with
    git config --global user.name 'Your Name'
    git config --global user.email you@your.domain
(or SENDER_NAME= and SENDER_EMAIL=); nothing was written" ;;
esac
case $email in *@*.*) ;; *) die "user.email '$email' is not a mail address; nothing was written" ;; esac

# A tree with the series applied, for get_maintainer.pl and the
# MAINTAINERS entries the series adds.
tree=""
for t in "$CHECK_TREE" "$TREE"; do
	if [ -x "$t/scripts/get_maintainer.pl" ] && [ -n "$(git -C "$t" rev-list base..HEAD 2>/dev/null)" ]; then
		tree=$t
		break
	fi
done
[ -n "$tree" ] || die "no kernel tree with the series applied (${CHECK_TREE#"$TOP"/} or ${TREE#"$TOP"/}): run 'make tree${MAINLINE:+ MAINLINE=1}' first"

patches=$(series_patches "$src")
[ -n "$patches" ] || die "${src#"$TOP"/}/series lists no patch: nothing to send"
# Written beside, put in place only when every file is: a failure leaves
# no half-made copy.
out=$BUILD/outgoing/$edition.tmp
rm -rf "$out"
mkdir -p "$out"
log "outgoing: $(echo "$patches" | wc -l) patches of ${src#"$TOP"/}, as $name <$email>, To:/Cc: from ${tree#"$TOP"/}/scripts/get_maintainer.pl"

# usage: who PATCH ROLE-OPTIONS...: the addresses get_maintainer.pl names.
who() {
	local p=$1
	shift
	(cd "$tree" && perl scripts/get_maintainer.pl --no-git --no-git-fallback --no-rolestats \
		"$@" "$p") 2>/dev/null | sed '/^$/d' || true
}

# usage: rewrite IN OUT TO CC: the sender's identity, and To:/Cc: headers
# (one per line) after the mail headers git format-patch wrote.
rewrite() {
	python3 - "$1" "$2" "$PLACEHOLDER" "$name <$email>" "$3" "$4" <<-'PY'
	import sys
	src, dst, old, new, to, cc = sys.argv[1:]
	text = open(src).read()
	head, sep, body = text.partition("\n\n")
	lines = head.split("\n")
	if not any(l.startswith("From: ") for l in lines):
	    sys.exit(f"{src}: no From: header")
	# Only the placeholder's authorship becomes the sender's: a patch
	# with an author of its own keeps it (send-email puts it in the body).
	lines = [f"From: {new}" if l == f"From: {old}" else l for l in lines]
	lines += [f"To: {a}" for a in to.split("\n") if a]
	lines += [f"Cc: {a}" for a in cc.split("\n") if a]
	body = body.replace(f"Signed-off-by: {old}\n", f"Signed-off-by: {new}\n")
	out = "\n".join(lines) + sep + body
	if "zpdesc-dev@example.org" in out:
	    sys.exit(f"{src}: the placeholder identity is still in it")
	open(dst, "w").write(out)
	PY
}

all_to="" all_cc=""
for p in $patches; do
	to=$(who "$p" --m --nor --nol)
	cc=$(who "$p" --nom --r --l)
	[ -n "$to$cc" ] || die "get_maintainer.pl names nobody for $(basename "$p")"
	grep -qxF "Signed-off-by: $PLACEHOLDER" "$p" || grep -qxF "Signed-off-by: $name <$email>" "$p" ||
		die "$(basename "$p") has neither the placeholder's nor your Signed-off-by: nothing to certify"
	rewrite "$p" "$out/$(basename "$p")" "$to" "$cc" || die "$(basename "$p"): not rewritten"
	all_to=$(printf '%s\n%s\n' "$all_to" "$to" | sed '/^$/d' | sort -u)
	all_cc=$(printf '%s\n%s\n' "$all_cc" "$cc" | sed '/^$/d' | sort -u)
	echo "$(basename "$p"): To: $(echo "$to" | grep -c . || true), Cc: $(echo "$cc" | grep -c . || true)"
done
# A maintainer of one patch is not also a Cc of the cover letter.
all_cc=$(comm -23 <(echo "$all_cc") <(echo "$all_to"))
if [ -f "$src/patches/0000-cover-letter.patch" ]; then
	rewrite "$src/patches/0000-cover-letter.patch" "$out/0000-cover-letter.patch" "$all_to" "$all_cc" ||
		die "the cover letter: not rewritten"
fi
rm -rf "${out%.tmp}"
mv "$out" "${out%.tmp}"
out=${out%.tmp}
log "outgoing: $(ls "$out" | wc -l) files in ${out#"$TOP"/}, From: $name <$email>"
echo "To: $(echo "$all_to" | paste -sd, | sed 's/,/, /g')"
echo "Cc: $(echo "$all_cc" | paste -sd, | sed 's/,/, /g')"

# ---- the same patches as a b4 branch --------------------------------------
# b4 0.14 (Debian trixie's; bookworm's 0.12 has no prep --check), unpacked
# into build/tools/b4 from the Debian mirror apt uses, checked against the
# SHA256 of trixie's Packages index; what it needs is in bookworm.
B4_DEB=pool/main/b/b4/b4_0.14.2-2_all.deb
B4_SHA256=5f2ad4a4fd8ae96d8085249d34b88e7ee93392847d3bb84f7c21568701345584
B4=$BUILD/tools/b4/b4
ensure_b4() {
	local d=$BUILD/tools/b4 mirror
	[ -x "$B4" ] && return 0
	PACKAGES="python3-dkim python3-dnspython python3-requests python3-patatt git-filter-repo curl" ensure_packages
	mirror=$(sed -n '/^URIs: *http[^ ]*\/debian$/{s/^URIs: *//p;q}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
	mirror=${mirror:-http://deb.debian.org/debian}
	rm -rf "$d.tmp"
	mkdir -p "$d.tmp"
	curl -fsS -m 120 -o "$d.tmp/b4.deb" "$mirror/$B4_DEB" || die "could not fetch $mirror/$B4_DEB"
	echo "$B4_SHA256  $d.tmp/b4.deb" | sha256sum -c --quiet - || die "$B4_DEB: SHA256 mismatch"
	dpkg -x "$d.tmp/b4.deb" "$d.tmp"
	# b4 imports git-filter-repo as a module, which bookworm ships as a
	# script only: the script is that module.
	mkdir -p "$d.tmp/py"
	cp /usr/bin/git-filter-repo "$d.tmp/py/git_filter_repo.py"
	cat >"$d.tmp/b4" <<-'SH'
	#!/bin/sh
	# b4 0.14.2 from Debian trixie, run with bookworm's python3.
	d=$(dirname "$(readlink -f "$0")")
	PATH=/usr/bin:$PATH PYTHONPATH=$d/usr/lib/python3/dist-packages:$d/py exec /usr/bin/python3 "$d/usr/bin/b4" "$@"
	SH
	chmod +x "$d.tmp/b4"
	rm -rf "$d"
	mv "$d.tmp" "$d"
	"$B4" --version >/dev/null || die "b4 does not run from $d"
}

# The outgoing patches, applied on base with git's plumbing (no checkout of
# the tree), as commits by their authors, committed by the sender, on the
# branch b4/zpdesc-EDITION; a sparse worktree of it (scripts/, LICENSES/ and
# the top-level files: what checkpatch and get_maintainer.pl need) in
# build/outgoing/EDITION.b4, enrolled with b4 prep (the cover letter is
# the branch description), and b4 prep --check must find nothing.
b4_branch() {
	local wt=${out}.b4 branch=b4/zpdesc-$edition fork=b4-base/$edition
	local idx tmp parent p id rev n=0 res
	ensure_b4
	git -C "$tree" worktree remove --force "$wt" 2>/dev/null || rm -rf "$wt"
	git -C "$tree" worktree prune
	git -C "$tree" branch -D -q "$branch" 2>/dev/null || true
	tmp=$(mktemp -d)
	idx=$tmp/index
	GIT_INDEX_FILE=$idx git -C "$tree" read-tree base
	parent=$(git -C "$tree" rev-parse 'base^{commit}')
	for p in "$out"/*.patch; do
		case $p in *0000-cover-letter.patch) continue ;; esac
		git mailinfo "$tmp/msg" "$tmp/patch" <"$p" >"$tmp/info"
		GIT_INDEX_FILE=$idx git -C "$tree" apply --cached "$tmp/patch" ||
			die "$(basename "$p") does not apply on base with git apply"
		id=$(GIT_INDEX_FILE=$idx git -C "$tree" write-tree)
		{ sed -n 's/^Subject: //p' "$tmp/info"; echo; cat "$tmp/msg"; } >"$tmp/commit"
		parent=$(GIT_AUTHOR_NAME=$(sed -n 's/^Author: //p' "$tmp/info") \
			GIT_AUTHOR_EMAIL=$(sed -n 's/^Email: //p' "$tmp/info") \
			GIT_AUTHOR_DATE=$(sed -n 's/^Date: //p' "$tmp/info") \
			GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email \
			git -C "$tree" commit-tree "$id" -p "$parent" -F "$tmp/commit")
		n=$((n + 1))
	done
	git -C "$tree" branch -f "$branch" "$parent"
	git -C "$tree" branch -f "$fork" base
	git -C "$tree" worktree add -q --no-checkout "$wt" "$branch"
	git -C "$wt" sparse-checkout set --cone scripts LICENSES
	git -C "$wt" read-tree -mu HEAD
	# checkpatch and get_maintainer.pl look for these to know a kernel tree.
	(cd "$wt" && mkdir -p Documentation arch include drivers fs init ipc kernel lib)
	export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=b4.prep-cover-strategy GIT_CONFIG_VALUE_0=branch-description
	(cd "$wt" && "$B4" -q prep -e "$fork") >"$tmp/b4.log" 2>&1 || { cat "$tmp/b4.log"; die "b4 prep -e failed"; }
	if [ -f "$src/patches/0000-cover-letter.patch" ]; then
		python3 "$TOP/scripts/cover.py" text "$src/patches/0000-cover-letter.patch" >"$tmp/cover"
		git -C "$wt" config "branch.$branch.description" "$(cat "$tmp/cover")"
		rev=$(sed -n 's/^Subject: \[PATCH v\([0-9]*\) .*/\1/p' "$src/patches/0000-cover-letter.patch")
		[ -z "$rev" ] || (cd "$wt" && "$B4" -q prep --force-revision "$rev") >>"$tmp/b4.log" 2>&1 ||
			{ cat "$tmp/b4.log"; die "b4 prep --force-revision $rev failed"; }
	fi
	(cd "$wt" && "$B4" -q prep --auto-to-cc) >>"$tmp/b4.log" 2>&1 || { cat "$tmp/b4.log"; die "b4 prep --auto-to-cc failed"; }
	res=$(cd "$wt" && "$B4" prep --check --no-cache 2>&1 | sed 's/\x1b\[[0-9;]*m//g') || true
	echo "$res"
	if [ "$edition" != mainline ]; then
		# The 6.12 editions keep checkpatch findings that make check's
		# checkpatch stage tolerates, each with its reason (a retyped
		# VM_BUG_ON, a mainline id in Fixes:): shown, not judged here.
		echo "(b4 prep --check is judged on the mainline edition only; make check judges these patches' checkpatch findings)"
	elif ! echo "$res" | grep -qx "Success: $n, Warning: 0, Error: 0"; then
		die "b4 prep --check is not clean on the $n patches of $branch (${wt#"$TOP"/})"
	fi
	unset GIT_CONFIG_COUNT GIT_CONFIG_KEY_0 GIT_CONFIG_VALUE_0
	rm -rf "$tmp"
	log "b4: $branch in ${wt#"$TOP"/}, $n patches by their authors, committed by $name <$email>$([ "$edition" != mainline ] || echo "; b4 prep --check: $n of $n clean")"
}
b4_branch

echo "Look, then send, with git send-email:"
echo "    git send-email --dry-run ${out#"$TOP"/}/*.patch       (then without --dry-run)"
echo "or with b4 (b4 prep --edit-cover to change the cover letter, b4 send signs with patatt unless --no-sign):"
echo "    cd ${out#"$TOP"/}.b4 && $B4 send --dry-run            (then b4 send)"
