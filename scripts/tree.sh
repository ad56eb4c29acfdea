#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make a kernel git tree: Debian's linux-source-6.12 as commit "base", and the
# series on top, applied with git am.  With MAINLINE=1, the same for the
# mainline edition: linux-source-7.2 (downloaded) and mainline/series, in
# build/mainline and build/mainline-check.
#
#   tree.sh dev     build/linux: create it if missing, bring it to base +
#                   series; refuses to touch work that was not exported.
#   tree.sh sync    the same, but leaves such work alone and goes on (make run)
#   tree.sh check   build/check: a pristine worktree, base + series.
#   tree.sh base    build/base: a pristine worktree at base (make bench)
#   tree.sh stable  build/base with the stable series (stable/) alone
#   tree.sh mutate  build/mutate: a pristine worktree, base + series, that
#                   make mutate changes one mutant at a time
#   tree.sh record  note that build/linux now holds the series (make export)
. "$(dirname "$0")/lib.sh"

# The mainline edition's base: Debian's linux-source-7.2 .deb, fetched from
# the mirror as a plain file (no apt source is added), checked against its
# pinned SHA-256, and its tarball unpacked to $BASE_TARBALL.
fetch_base() {
	local deb=$BUILD/dl/${BASE_DEB_URL##*/}
	[ -n "${BASE_DEB_URL:-}" ] || die "$BASE_TARBALL missing: install $BASE_PACKAGE"
	if echo "$BASE_TARBALL_SHA256  $BASE_TARBALL" | sha256sum -c --status 2>/dev/null; then
		return 0
	fi
	mkdir -p "$BUILD/dl"
	if ! echo "$BASE_DEB_SHA256  $deb" | sha256sum -c --status 2>/dev/null; then
		log "downloading $BASE_DEB_URL (165 MB)"
		curl -fsSL --retry 3 -o "$deb.part" "$BASE_DEB_URL" ||
			die "could not download $BASE_DEB_URL: if the mirror has dropped $BASE_VERSION, take the newer linux-source-7.2 from its dists/trixie-backports/main/binary-all/Packages.xz and update BASE_VERSION, BASE_DEB_URL and the checksums in scripts/lib.sh"
		echo "$BASE_DEB_SHA256  $deb.part" | sha256sum -c --status ||
			die "$deb.part: SHA-256 $(sha256sum "$deb.part" | cut -d' ' -f1), not the pinned $BASE_DEB_SHA256 (kept for a look)"
		mv "$deb.part" "$deb"
	fi
	log "unpacking ${BASE_TARBALL##*/} from ${deb##*/}"
	ar p "$deb" data.tar.xz | tar -xJO "./usr/src/${BASE_TARBALL##*/}" >"$BASE_TARBALL.part"
	echo "$BASE_TARBALL_SHA256  $BASE_TARBALL.part" | sha256sum -c --status ||
		die "$BASE_TARBALL.part: not the pinned SHA-256 $BASE_TARBALL_SHA256"
	mv "$BASE_TARBALL.part" "$BASE_TARBALL"
	rm -f "$deb"
}

# Create $TREE (build/linux, or build/mainline) with the base commit, once.
make_base() {
	local version
	if [ -e "$TREE" ]; then
		[ -e "$TREE/.git" ] && git -C "$TREE" rev-parse -q --verify base >/dev/null 2>&1 && return 0
		# Never delete a tree: it may hold commits nobody exported.
		die "$TREE exists but has no 'base' tag, so it is not a workbench tree: move it away (it may hold your work), then run again"
	fi
	[ -f "$BASE_TARBALL" ] || fetch_base
	version=${BASE_VERSION:-$(dpkg-query -W -f='${Version}' "$BASE_PACKAGE" 2>/dev/null)}
	rm -rf "$TREE.tmp"
	log "unpacking $BASE_TARBALL"
	mkdir -p "$TREE.tmp"
	tar -C "$TREE.tmp" --strip-components=1 -xf "$BASE_TARBALL"
	# Debian's tarball ignores every top-level path; without these two rules
	# dropped, new files such as mm/zpdesc.h cannot be added.
	sed -i -e '\|^/\*$|d' -e '\|^!/debian/$|d' "$TREE.tmp/.gitignore"
	log "committing the base (about a minute)"
	(
		cd "$TREE.tmp"
		git init -q -b master
		git config user.name "${GIT_AUTHOR_NAME:-zpdesc developers}"
		git config user.email "${GIT_AUTHOR_EMAIL:-zpdesc-dev@example.org}"
		git config core.abbrev 12
		# No automatic repack: on this tree it runs for most of an hour
		# beside the builds.  The base is one commit; nothing needs it.
		git config gc.auto 0
		git add -A
		# A fixed identity and date make the base commit id the same on
		# every machine, so base-commit: in the patches means something.
		GIT_AUTHOR_NAME="Debian $BASE_PACKAGE" GIT_AUTHOR_EMAIL=debian-kernel@lists.debian.org \
		GIT_COMMITTER_NAME="Debian $BASE_PACKAGE" GIT_COMMITTER_EMAIL=debian-kernel@lists.debian.org \
		GIT_AUTHOR_DATE="2025-01-01T00:00:00Z" GIT_COMMITTER_DATE="2025-01-01T00:00:00Z" \
		git commit -q -m "Linux $(make -s kernelversion) from Debian's $BASE_PACKAGE

The base of $BASE_OF: $BASE_PACKAGE $version."
		git tag base
	)
	mv "$TREE.tmp" "$TREE"
}

# Patch ids of a list of commits, one per line, sorted.
commit_ids() { git -C "$TREE" log -p --no-merges "$1" | git patch-id --stable | cut -d' ' -f1 | sort; }
series_ids() {
	local p
	series_patches | while read -r p; do git patch-id --stable <"$p" | cut -d' ' -f1; done | sort
}

# Apply the series of DIR (default: this edition's) in tree $1 (at base); on
# a failure, name the patch, abort the am so the tree is left clean, and
# fail.  usage: apply_series TREE [DIR]
apply_series() {
	local t=$1 dir=${2:-$SERIES_DIR} p n=0 total
	total=$(series_patches "$dir" | wc -l)
	[ "$total" -gt 0 ] || { log "series is empty: tree stays at base"; return 0; }
	series_patches "$dir" | while read -r p; do
		[ -f "$p" ] || die "series lists ${p#"$TOP"/}, which does not exist"
	done
	while read -r p; do
		n=$((n + 1))
		# Committer date = author date (and the tree's fixed committer):
		# the same series gives the same commit ids on every apply.
		if ! git -C "$t" am -q --whitespace=nowarn --committer-date-is-author-date "$p" >"$LOGS/am.log" 2>&1; then
			cat "$LOGS/am.log" >&2
			git -C "$t" am --abort >/dev/null 2>&1 || true
			git -C "$t" reset -q --hard base
			die "patch $n/$total does not apply: ${p#"$TOP"/} (tree reset to base, nothing else changed)"
		fi
	done < <(series_patches "$dir")
	log "applied $total patches with git am"
}

# Record which series the tree holds, as patch ids, so a later run can tell
# a tree that only holds an older series (safe to re-apply) from local work.
record_applied() { commit_ids base..HEAD >"$TREE/.git/wb-applied"; }

# usage: sync_dev strict|lenient
sync_dev() {
	local mine
	make_base
	mine=$(commit_ids base..HEAD)
	if [ -n "$(git -C "$TREE" status --porcelain --untracked-files=no)" ]; then
		[ "$1" = strict ] && die "$TREE has uncommitted changes: commit them and 'make export', or discard them yourself"
		log "using $TREE as it is: it has uncommitted changes"
		return 0
	fi
	if [ "$mine" = "$(series_ids)" ]; then
		log "tree up to date with series: $TREE at $(git -C "$TREE" log --oneline -1)"
		return 0
	fi
	if [ -n "$mine" ] && [ "$mine" != "$(cat "$TREE/.git/wb-applied" 2>/dev/null)" ]; then
		if [ "$1" = strict ]; then
			git -C "$TREE" log --oneline base..HEAD >&2
			die "$TREE holds commits that are not in series: 'make export' keeps them, 'git -C $TREE reset --hard base' drops them"
		fi
		log "using $TREE as it is: it holds commits not exported to series ('make export')"
		return 0
	fi
	git -C "$TREE" checkout -q -B master base
	apply_series "$TREE"
	record_applied
	log "tree ready: $TREE at $(git -C "$TREE" log --oneline -1)"
}

[ "$STABLE_BASE" = 6.12 ] || [ "${1:-dev}" = stable ] ||
	die "tree.sh ${1:-dev}: with STABLE_BASE=$STABLE_BASE, only 'tree.sh stable' (${TREE#"$TOP"/} holds the stable fixes alone)"
case ${1:-dev} in
dev|sync)
	ensure_packages
	if [ "$1" = dev ]; then sync_dev strict; else sync_dev lenient; fi
	;;
base|stable)
	[ "${MAINLINE:-0}" != 1 ] || die "tree.sh $1: the 6.12 edition only (unset MAINLINE)"
	;;&
check|base|stable|mutate)
	# A pristine worktree: build/check gets base + series, build/base
	# stays at base (the side-by-side reference of make bench), or gets
	# the stable series alone; build/mutate gets base + series.
	ensure_packages
	make_base
	case $1 in
	check) dir=$CHECK_TREE ;;
	mutate) dir=$MUTATE_TREE ;;
	*) dir=$BASE_TREE ;;
	esac
	git -C "$TREE" worktree prune
	# STABLE_BASE=6.1: build/linux-6.1 is its own stable tree, and where
	# the 6.1 fixes are made: never reset work that stable/6.1 (or its
	# tests) does not hold.
	if [ "$dir" = "$TREE" ]; then
		[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
			die "${TREE#"$TOP"/} has uncommitted changes: commit them and 'STABLE_BASE=$STABLE_BASE make export', or 'git -C ${TREE#"$TOP"/} reset --hard' to drop them (nothing was reset)"
		extra=$(comm -23 <(commit_ids base..HEAD) <(for p in $(series_patches "$STABLE_DIR") $(series_patches "$STABLE_DIR/tests"); do
			git patch-id --stable <"$p" | cut -d' ' -f1; done | sort))
		[ -z "$extra" ] || { git -C "$TREE" log --oneline base..HEAD >&2
			die "${TREE#"$TOP"/} holds commits that ${STABLE_DIR#"$TOP"/} does not: 'STABLE_BASE=$STABLE_BASE make export' keeps them, 'git -C ${TREE#"$TOP"/} reset --hard base' drops them (nothing was reset)"; }
	fi
	[ -e "$dir/.git" ] || [ "$dir" = "$TREE" ] || git -C "$TREE" worktree add -q --detach "$dir" base
	git -C "$dir" am --abort >/dev/null 2>&1 || true
	# These worktrees are the workbench's own: whatever a stopped run
	# left in them goes.
	git -C "$dir" checkout -q -f --detach base
	git -C "$dir" reset -q --hard base
	case $1 in
	check|mutate)
		[ -n "$(series_patches)" ] || die "${SERIES_DIR#"$TOP"/}/series lists no patch: there is nothing to check"
		apply_series "$dir"
		log "${dir#"$TOP"/} at the series tip: $(git -C "$dir" log --oneline -1)" ;;
	stable)
		[ -n "$(series_patches "$STABLE_DIR")" ] || die "${STABLE_DIR#"$TOP"/}/series lists no patch: there is nothing to check"
		apply_series "$dir" "$STABLE_DIR"
		log "${dir#"$TOP"/} at the stable series tip (${STABLE_DIR#"$TOP"/}): $(git -C "$dir" log --oneline -1)" ;;
	esac
	;;
record) record_applied ;;
*) die "usage: tree.sh dev|sync|check|base|stable|mutate|record" ;;
esac
