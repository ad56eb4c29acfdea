# SPDX-License-Identifier: GPL-2.0
# Shared by every workbench script: paths, logging, package set-up and the
# kernel build helpers.  Source it; do not run it.

set -euo pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
TREE=${TREE:-$BUILD/linux}		# the developer's kernel git tree
CHECK_TREE=$BUILD/check			# pristine base + series (make check)
BASE_TREE=$BUILD/base			# pristine base (make bench)
LOGS=$BUILD/logs
JOBS=${JOBS:-$(nproc)}
ZPOOLS="zsmalloc z3fold zbud"
BASE_TARBALL=/usr/src/linux-source-6.12.tar.xz

export CCACHE_DIR=${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
export CCACHE_NOHASHDIR=true
export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2026'
export KBUILD_BUILD_USER=zpdesc KBUILD_BUILD_HOST=workbench
# The kernel's Python tools (checkpatch's spdxcheck, sphinx) want Debian's
# python3 and its packages, not another python3 that may come first in PATH.
export PATH=/usr/bin:/bin:/usr/sbin:/sbin:$PATH

mkdir -p "$BUILD" "$LOGS"

# Timestamped progress line on stderr.
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Run a long command with its output in a log file, printing a progress line
# every 30 s and the log's tail if it fails.  usage: run_logged NAME cmd...
run_logged() {
	local name=$1 logf=$LOGS/$1.log start=$SECONDS rc=0 pid next=$((SECONDS + 30))
	shift
	log "$name: started (log: ${logf#"$TOP"/})"
	"$@" >"$logf" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		sleep 1
		if [ "$SECONDS" -ge "$next" ]; then
			next=$((SECONDS + 30))
			log "$name: running, $((SECONDS - start)) s: $(tail -n 1 "$logf" | cut -c1-100)"
		fi
	done
	wait "$pid" || rc=$?
	if [ "$rc" -ne 0 ]; then
		tail -n 40 "$logf" >&2
		log "$name: FAILED (exit $rc) after $((SECONDS - start)) s"
		return "$rc"
	fi
	log "$name: done in $((SECONDS - start)) s"
}

# Debian packages every workbench step needs; installed once, when missing.
PACKAGES="linux-source-6.12 qemu-system-x86 ccache sparse bc bison flex
libelf-dev libssl-dev cpio xz-utils kmod gcc libc6-dev make git python3
gcc-i686-linux-gnu gcc-aarch64-linux-gnu busybox-static rsync
python3-ply python3-git python3-sphinx python3-yaml graphviz gnuplot-nox"

ensure_packages() {
	local missing=() p
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing Debian packages: ${missing[*]}"
	[ "$(id -u)" -eq 0 ] || die "need root to install: ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >"$LOGS/apt.log" 2>&1 || die "apt-get update failed (see $LOGS/apt.log)"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$LOGS/apt.log" 2>&1 ||
		die "apt-get install failed (see $LOGS/apt.log)"
}

# The patches listed in series, as paths, in order.
series_patches() {
	local line
	[ -f "$TOP/series" ] || return 0
	while read -r line; do
		line=${line%%#*}
		line=${line//[[:space:]]/}
		[ -n "$line" ] || continue
		case $line in *cover-letter*) continue ;; esac
		printf '%s\n' "$TOP/patches/$line"
	done <"$TOP/series"
}

# Merge config fragments into O=$1's .config on top of tinyconfig.
# usage: configure_kernel SRC OBJDIR ARCH fragment...
configure_kernel() {
	local src=$1 obj=$2 arch=$3 frag missing
	shift 3
	mkdir -p "$obj"
	make -s -C "$src" O="$obj" ARCH="$arch" tinyconfig >/dev/null
	(cd "$src" && KCONFIG_CONFIG="$obj/.config" \
		scripts/kconfig/merge_config.sh -m -O "$obj" "$obj/.config" "$@" >/dev/null)
	make -s -C "$src" O="$obj" ARCH="$arch" olddefconfig >/dev/null
	# Every line of every fragment must survive olddefconfig.
	missing=$(cat "$@" | grep -E '^(CONFIG_[A-Z0-9_]+=.*|# CONFIG_[A-Z0-9_]+ is not set)$' |
		  sort -u | while read -r frag; do
			  grep -qxF "$frag" "$obj/.config" || echo "$frag"
		  done)
	[ -z "$missing" ] || die "config for $obj dropped: $(echo $missing)"
}

check_zpool() {
	case " $ZPOOLS " in
	*" $1 "*) ;;
	*) die "unknown ZPOOL '$1': choose one of: $ZPOOLS" ;;
	esac
}

# Judge a guest console log (see boot.sh); prints one line per finding.
# The kselftests' own TAP result is judged by make check, apart.
judge_console() {
	local logf=$1 zpool=$2 bad=0 got stored splat
	grep -q '^WB: done' "$logf" || { echo "FAIL: the guest did not finish (hang, panic or time-out)"; bad=1; }
	got=$(sed -n 's/^WB: zpool \([^ ]*\).*/\1/p' "$logf" | head -n1)
	[ "$got" = "$zpool" ] || { echo "FAIL: zswap's zpool parameter reads '$got', not '$zpool'"; bad=1; }
	stored=$(sed -n 's/^zswap after-store stored_pages //p' "$logf" | head -n1)
	[ "${stored:-0}" -gt 0 ] || { echo "FAIL: zswap stored no pages through $zpool (stored_pages=${stored:-none})"; bad=1; }
	grep -q '^WB: workload exit 0$' "$logf" || { echo "FAIL: the workload did not verify every byte: $(grep -m1 '^workload: .*checked' "$logf")"; bad=1; }
	# KASAN and KFENCE reports start with "BUG:", lockdep's with "WARNING:".
	splat=$(grep -E 'BUG:|WARNING:|Oops|Kernel panic|general protection fault|list_(add|del) corruption|Call Trace:|suspicious RCU usage|DEBUG_LOCKS_WARN_ON' "$logf" |
		head -n 5 || true)
	[ -z "$splat" ] || { echo "FAIL: console splat: $(echo "$splat" | tr '\n' ';')"; bad=1; }
	return $bad
}

# ---- stages and their count (make check, make stress) ----------------------
counts_init() { passed=0 failed=0 skipped=0 summary=$1; : >"$summary"; }

# result PASS|FAIL|SKIP STAGE [DETAIL]
result() {
	case $1 in
	PASS) passed=$((passed + 1)) ;;
	FAIL) failed=$((failed + 1)) ;;
	SKIP) skipped=$((skipped + 1)) ;;
	esac
	printf '%-4s  %-28s %s\n' "$1" "$2" "${3:-}" | tee -a "$summary"
}

# Run stage $1 (the command $2...) with its output in its log; the exit
# status decides (2 = skipped).  Progress lines still reach the terminal; a
# subshell, so that a die in a stage fails the stage, not the run.
stage() {
	local name=$1 rc=0 start=$SECONDS
	shift
	log "stage $name"
	set +e
	("$@") 2>&1 | tee "$LOGS/stage-$name.log" |
		grep --line-buffered -E '^(\[[0-9:]{8}\] |  guest\| )' >&2
	rc=${PIPESTATUS[0]}
	set -e
	case $rc in
	0) result PASS "$name" "$(tail -n 1 "$LOGS/stage-$name.log") ($((SECONDS - start)) s)" ;;
	2) result SKIP "$name" "$(tail -n 1 "$LOGS/stage-$name.log")" ;;
	*) tail -n 30 "$LOGS/stage-$name.log" | sed 's/^/    /'
	   result FAIL "$name" "see ${LOGS#"$TOP"/}/stage-$name.log" ;;
	esac
	return $rc
}

# The closing summary and count line; exit status 0 only if nothing failed.
counts_finish() {
	echo
	echo "== summary (also in ${summary#"$TOP"/})"
	cat "$summary"
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}
