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
	src=$TOP/stable edition=6.12-stable
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
echo "To: $(echo $all_to | sed 's/> />, /g')"
echo "Cc: $(echo $all_cc | sed 's/> />, /g')"
echo "Look, then send:  git send-email --dry-run ${out#"$TOP"/}/*.patch   (then without --dry-run)"
