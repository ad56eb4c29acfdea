# SPDX-License-Identifier: GPL-2.0
# Shared by every workbench script: paths, logging, package set-up and the
# kernel build helpers.  Source it; do not run it.

set -euo pipefail
# Command substitutions keep errexit too: a failing step inside $(...)
# fails the script or stage it runs in.
shopt -s inherit_errexit

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Exported: a script this one runs works on the same build/ even from
# another copy of the repo (make selftest-harness runs scratch copies).
export BUILD=${BUILD:-$TOP/build}
# Two editions share the scripts.  The 6.12 series (patches/, series) on
# Debian's linux-source-6.12; with MAINLINE=1, the mainline series
# (mainline/) on Linux 7.2, Debian's linux-source-7.2 of trixie-backports,
# which the workbench downloads (pinned by version and checksum).
if [ "${MAINLINE:-0}" = 1 ]; then
	TREE=${MAINLINE_TREE:-$BUILD/mainline}		# the developer's 7.2 tree
	CHECK_TREE=$BUILD/mainline-check		# pristine base + series
	MUTATE_TREE=$BUILD/mainline-mutate		# base + series, mutated
	SERIES_DIR=$TOP/mainline
	LOGS=${LOGS:-$BUILD/logs/mainline}
	BASE_PACKAGE=linux-source-7.2
	BASE_VERSION=7.2.11-1~bpo13+1
	BASE_TARBALL=$BUILD/dl/linux-source-7.2.tar.xz
	BASE_TARBALL_SHA256=4d5236387c51a225c59ed8e98e8ef350baf6f38e3f66b2bb66cf347826a80b33
	BASE_DEB_URL=${DEBIAN_MIRROR:-http://deb.debian.org/debian}/pool/main/l/linux/linux-source-7.2_7.2.11-1~bpo13+1_all.deb
	BASE_DEB_SHA256=97a3aac3a9eeb8f18e8b0511af9261c54605fd23b712f1a48144360a123738a2
	BASE_OF="the zpdesc mainline series"
	KUNIT_SYMBOL=CONFIG_ZSMALLOC_KUNIT_TEST
	KUNIT_SRC="mm/tests/zsmalloc_kunit.c mm/tests/zsmalloc_trace_kunit.c"
	KUNIT_STAGE=mainline-kunit
	# The trace test of the mainline-digest stage: patch 2, right after
	# the suite; 3 traces of 8 phases
	DIGEST_SRC=mm/tests/zsmalloc_trace_kunit.c
	DIGEST_SUITE='zsmalloc_trace*'
	DIGEST_AFTER=1
	DIGEST_MIN=24
	HIGHMEM_CASE=zsmalloc.test_highmem	# make check-ports on i386
	EDITION_CONFIG=$TOP/configs/mainline.config
	# The tip's debug guest also has the suite built in (scripts/kernel.sh)
	LIVE_CONFIG=$TOP/configs/kunit-live.config
	# The 7.2 debug guests have a kernel of their own (.o-debug): in
	# .ci/run only the KUnit kernel is built, and it stays small.
	SHARE_KUNIT=0
	BASE_TREE=$BUILD/mainline-base
	# zswap calls zsmalloc directly: there is no zswap.zpool parameter.
	ZPOOLS=zsmalloc
	ZPOOL_PARAM=0
	# The debug guest runs upstream's cgroup test_zswap (900 s: it runs
	# for minutes under TCG with KASAN, the runner's default is 45 s) and
	# the zram smoke test.
	KSFT_TARGET=cgroup
	GUEST_KNOBS="wb.memcg=32 wb.fill=200 wb.ksft=cgroup:test_zswap wb.ksft_timeout=900 wb.zram=1"
	# Debian 12's sparse (0.6.4) predates two things 7.2 needs, and
	# without them make only warns and skips sparse: __typeof_unqual__
	# (read as __typeof__, which keeps qualifiers: the warnings that gives
	# are the base's too) and __builtin_strlen() of a string literal in
	# MODULE_INFO's static_assert (as sizeof - 1).  Passed to sparse only.
	SPARSE=1
	SPARSE_CF="-D__typeof_unqual__=__typeof__ '-D__builtin_strlen(s)=(sizeof(s) - 1)'"
else
	TREE=${TREE:-$BUILD/linux}		# the developer's kernel git tree
	CHECK_TREE=${CHECK_TREE:-$BUILD/check}	# pristine base + series (make check)
	MUTATE_TREE=$BUILD/mutate		# base + series, mutated (make mutate)
	SERIES_DIR=$TOP
	LOGS=${LOGS:-$BUILD/logs}
	BASE_PACKAGE=linux-source-6.12
	BASE_TARBALL=/usr/src/linux-source-6.12.tar.xz
	BASE_OF="the zpdesc series"
	KUNIT_SYMBOL=CONFIG_ZPOOL_KUNIT_TEST
	KUNIT_SRC="lib/test_zpdesc_kunit.c lib/test_zpool_trace_kunit.c"
	KUNIT_STAGE=kunit
	# The trace test of make check's digest stage: patch 5, right after
	# the stable fixes (DIGEST_AFTER: their number); 7 traces of 8 phases
	DIGEST_SRC=lib/test_zpool_trace_kunit.c
	DIGEST_SUITE='zpool_trace*'
	DIGEST_MIN=56
	HIGHMEM_CASE=zsmalloc.zsmalloc_highmem	# make check-ports on i386
	EDITION_CONFIG=$TOP/configs/zpool.config
	# One kernel for the KUnit run and the debug guests: see debug_obj.
	SHARE_KUNIT=${SHARE_KUNIT:-1}
	BASE_TREE=$BUILD/base			# pristine base (make bench)
	ZPOOLS="zsmalloc z3fold zbud"
	ZPOOL_PARAM=1				# boot with zswap.zpool=ZPOOL
	# The debug guests run the series' zswap kselftests after the
	# workload, each boot the fixture variant of its own zpool (every
	# test sets the zpool of its variant: the three boots ran the same
	# 15 tests each), and the zpool fault injection.
	KSFT_TARGET=zswap
	GUEST_KNOBS="wb.memcg=32 wb.fill=200 wb.faults=1 wb.ksft=own"
	SPARSE=1				# make C=1: sparse on every object built
	SPARSE_CF=""				# make CF=: extra sparse flags
fi
# The stable fixes (stable/) go to the base above, 6.12; with
# STABLE_BASE=6.1, make check-stable takes them to the second long-term
# tree, Debian's linux-source-6.1 (bookworm's own kernel), as stable/6.1/
# lists them: the patches that apply as they are, a hand port where one
# is needed, none that cannot go there (its Cc: stable line says so).
STABLE_BASE=${STABLE_BASE:-6.12}
STABLE_DIR=$TOP/stable
case $STABLE_BASE in
6.12) ;;
6.1)
	[ "${MAINLINE:-0}" != 1 ] || die "STABLE_BASE=6.1 is for the 6.12 edition's stable fixes: unset MAINLINE"
	# One tree, no worktree (a worktree of a kernel checks out slowly
	# here): check-stable resets it to base and applies stable/6.1.
	TREE=$BUILD/linux-6.1
	LOGS=$BUILD/logs/stable-6.1
	BASE_TREE=$TREE
	CHECK_TREE=$TREE
	STABLE_DIR=$TOP/stable/6.1
	BASE_PACKAGE=linux-source-6.1
	STABLE_PACKAGE=$BASE_PACKAGE		# from bookworm's own archive
	BASE_TARBALL=/usr/src/linux-source-6.1.tar.xz
	BASE_OF="the z3fold stable fixes on 6.1"
	# zpool.config serves (6.1.y has Z3FOLD_DEPRECATED too), with SLUB
	# for tinyconfig's SLOB, which has no KASAN
	BASE_CONFIG=$TOP/configs/stable-6.1.config
	SHARE_KUNIT=0
	# The reproducers: the 6.12 suite's z3fold cases on 6.1's APIs, a
	# test commit of their own (stable/6.1/tests/) on top of the fixes,
	# in their own KUnit kernel (.kunit)
	KUNIT_SYMBOL=CONFIG_Z3FOLD_STABLE_KUNIT_TEST
	KUNIT_SRC=lib/test_z3fold_stable_kunit.c
	KUNIT_PREFIX=kunit-6.1
	# slab_nomerge: each z3fold pool's handle cache a cache of its own, as
	# with slub_debug, where the first fix's bug shows (z3fold_two_pools)
	KUNIT_ARGS=(--kernel_args slab_nomerge)
	# 6.1's zswap writes back only when its pool is full (6.8 made a
	# cgroup's memory.zswap.max write back; 6.1 rejects the store), and
	# only from z3fold and zbud (zsmalloc writes back from 6.3): the
	# stress fills the pool (max_pool_percent=5) so that they do.
	STRESS_KNOBS=${STRESS_KNOBS:-wb.pool_percent=5}
	NO_WRITEBACK=zsmalloc
	NO_WRITEBACK_WHY="6.1's zsmalloc has no zpool shrink (zswap cannot write its entries back before 6.3)"
	;;
*) die "STABLE_BASE=$STABLE_BASE: the stable fixes are checked on 6.12 (the default) or 6.1" ;;
esac
INITRD=${INITRD:-$BUILD/initramfs-check.cpio.gz}	# the debug guests' initramfs
JOBS=${JOBS:-$(nproc)}

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

# ---- one workbench command at a time, and nothing left behind ---------------
# Every process this command started, children first.
descendants() {
	local c
	for c in $(pgrep -P "$1" || true); do
		descendants "$c"
		echo "$c"
	done
}
stop_descendants() {
	local pids
	pids=$(descendants "$$")
	[ -z "$pids" ] || kill -TERM $pids 2>/dev/null || true
}
interrupted() {
	trap - INT TERM
	log "interrupted ($1): stopping every process this command started"
	stop_descendants
	exit 130
}
# At the end of every workbench script: WB_EXIT_HOOK (a function the script
# may name), then nothing it started is left running.
wb_exit() {
	[ -z "${WB_EXIT_HOOK:-}" ] || "$WB_EXIT_HOOK" || true
	stop_descendants
}
# The first workbench script of a command takes build/.lock (the scripts
# it calls, and anything they leave running, inherit it), then runs itself
# again as a child and waits for it.  bash runs a trap only once the
# foreground command it waits for has ended, but "wait" ends at once: so
# on Ctrl-C or a kill this supervisor stops every process of the command
# (kernel builds, QEMU, tickers) right away.
# One lock an edition: the two editions' commands share no tree and no
# log folder (build/check, build/base, build/mutate, build/linux against
# build/mainline*, build/logs/mainline), so make check-mainline may run
# beside make check (.ci/run does); nor does STABLE_BASE=6.1 make
# check-stable (build/linux-6.1, build/logs/stable-6.1).
if [ -z "${WB_LOCK_HELD:-}" ]; then
	WB_LOCK=$BUILD/.lock$( [ "${MAINLINE:-0}" != 1 ] || echo -mainline)$( [ "$STABLE_BASE" = 6.12 ] || echo "-$STABLE_BASE")
	exec 9>"$WB_LOCK"
	# -w: processes of a command that just ended may hold it a moment.
	flock -w 30 9 || die "another workbench command is using ${BUILD#"$TOP"/}/ ($(cat "$WB_LOCK.owner" 2>/dev/null || echo unknown)): wait for it, or stop it"
	echo "pid $$: $(basename "$0") $*" >"$WB_LOCK.owner"
	export WB_LOCK_HELD=$$
	trap 'interrupted INT' INT
	trap 'interrupted TERM' TERM
	trap 'stop_descendants; rm -f "$WB_LOCK.owner"' EXIT
	"$BASH" "$0" "$@" &
	set +e
	wait "$!"
	exit
fi
trap wb_exit EXIT

# Run a long command with its output in a log file, printing a progress line
# every 30 s and the log's tail if it fails.  usage: run_logged NAME cmd...
# The command runs in the foreground, so Ctrl-C reaches it; only the ticker
# runs in the background, and it ends with the shell that started it.
run_logged() {
	local name=$1 logf=$LOGS/$1.log start=$SECONDS rc=0 ticker parent=$BASHPID
	shift
	log "$name: started (log: ${logf#"$TOP"/})"
	: >"$logf"
	(
		t=0
		while kill -0 "$parent" 2>/dev/null; do
			sleep 5
			t=$((t + 5))
			[ $((t % 30)) -ne 0 ] ||
				log "$name: running, $t s: $(tail -n 1 "$logf" | cut -c1-100)"
		done
	) &
	ticker=$!
	"$@" >"$logf" 2>&1 || rc=$?
	kill "$ticker" 2>/dev/null || true
	wait "$ticker" 2>/dev/null || true
	if [ "$rc" -ne 0 ]; then
		tail -n 40 "$logf" >&2
		log "$name: FAILED (exit $rc) after $((SECONDS - start)) s"
		return "$rc"
	fi
	log "$name: done in $((SECONDS - start)) s"
}

# Debian packages every workbench step needs; installed once, when missing.
PACKAGES="${STABLE_PACKAGE:-} linux-source-6.12 qemu-system-x86 ccache sparse bc bison flex
libelf-dev libssl-dev cpio xz-utils kmod gcc libc6-dev make git python3
gcc-i686-linux-gnu gcc-aarch64-linux-gnu busybox-static rsync
python3-ply python3-git python3-sphinx python3-yaml graphviz gnuplot-nox curl binutils"

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

# The patches listed in DIR/series (default: this edition's series), as
# paths, in order.  usage: series_patches [DIR]
series_patches() {
	local dir=${1:-$SERIES_DIR} line
	[ -f "$dir/series" ] || return 0
	# "|| [ -n ... ]": a last line without its newline is a patch too.
	while read -r line || [ -n "$line" ]; do
		line=${line%%#*}
		line=${line//[[:space:]]/}
		[ -n "$line" ] || continue
		case $line in *cover-letter*) continue ;; esac
		printf '%s\n' "$dir/patches/$line"
	done <"$dir/series"
}

# Merge config fragments into O=$1's .config on top of tinyconfig (or of
# the config target CONFIG_START names, such as defconfig).
# usage: configure_kernel SRC OBJDIR ARCH fragment...
configure_kernel() {
	local src=$1 obj=$2 arch=$3 frag missing
	shift 3
	mkdir -p "$obj"
	make -s -C "$src" O="$obj" ARCH="$arch" "${CONFIG_START:-tinyconfig}" >/dev/null
	(cd "$src" && KCONFIG_CONFIG="$obj/.config" \
		scripts/kconfig/merge_config.sh -m -O "$obj" "$obj/.config" "$@" >/dev/null)
	make -s -C "$src" O="$obj" ARCH="$arch" olddefconfig >/dev/null
	# Every setting of the fragments must survive olddefconfig; where two
	# fragments set one symbol, the later one counts (as in merge_config).
	missing=$(awk 'match($0, /^CONFIG_[A-Z0-9_]+=|^# CONFIG_[A-Z0-9_]+ is not set$/) {
			sym = $0; sub(/^# /, "", sym); sub(/[= ].*/, "", sym)
			if (!(sym in v)) order[n++] = sym
			v[sym] = $0
		} END {for (i = 0; i < n; i++) print v[order[i]]}' "$@" |
		  while read -r frag; do
			  case $frag in
			  # Off: "is not set", or absent (a symbol with no prompt).
			  "# "*) ! grep -q "^${frag:2:-11}=" "$obj/.config" || echo "$frag" ;;
			  *) grep -qxF "$frag" "$obj/.config" || echo "$frag" ;;
			  esac
		  done)
	[ -z "$missing" ] || die "config for $obj dropped: $(echo $missing)"
}

# The series' kunitconfig in tree $1, relative to it; nothing if the tree
# has none (the base, the stable tree).  usage: kunitconfig_of TREE
kunitconfig_of() {
	git -C "$1" grep -l "$KUNIT_SYMBOL" -- '*.kunitconfig' '*/.kunitconfig' 2>/dev/null | head -n1 || true
}

# The build directory of tree $1's debug kernel.  With SHARE_KUNIT=1 (the
# 6.12 edition) and a kunitconfig in the tree, it is kunit.py's .kunit:
# one kernel, configured with the kunitconfig, configs/kunit.config, the
# edition's config, guest.config and debug.config, runs the KUnit suites
# (kunit.py boots it with kunit.enable=1) and boots the debug guests
# (boot.sh passes kunit.enable=0), so a cold make check builds one kernel
# where it built two.  Otherwise (the base, the stable tree, the 7.2
# edition) it is .o-debug, configured from tinyconfig.
# usage: debug_obj TREE
debug_obj() {
	if [ "$SHARE_KUNIT" = 1 ] && [ -n "$(kunitconfig_of "$1")" ]; then
		echo .kunit
	else
		echo .o-debug
	fi
}
# usage: debug_image TREE: the path of its debug kernel's bzImage.
debug_image() { echo "$1/$(debug_obj "$1")/arch/x86/boot/bzImage"; }

# kunit.py's build arguments for tree $1, in the array KARGS (and the
# fragments added to the kunitconfig in KFRAGS): the same for the KUnit run
# (check_kunit) and for the debug kernel that shares its build (kernel.sh),
# so that neither reconfigures the other's .kunit.  KUNIT_ARCH (x86_64),
# KUNIT_DIR (.kunit), KUNIT_CONFIGS (configs/kunit.config) and
# KUNIT_CROSS (a cross compiler's prefix) choose another run, as make
# check-ports does; only the default one is shared.
# usage: kunit_args TREE
kunit_args() {
	local kc l dir=${KUNIT_DIR:-.kunit}
	kc=$(kunitconfig_of "$1")
	[ -n "$kc" ] || { echo "the series has no KUnit suite (no kunitconfig with $KUNIT_SYMBOL)"; return 1; }
	read -r -a KFRAGS <<<"${KUNIT_CONFIGS:-$TOP/configs/kunit.config}"
	for l in "${KFRAGS[@]}"; do [ -f "$l" ] || { echo "no config fragment $l"; return 1; }; done
	# .kunit-digest (check_digest) is configured as .kunit: the same .config
	# lets ccache serve every object the two commits share.
	[ "$SHARE_KUNIT" != 1 ] || { [ "$dir" != .kunit ] && [ "$dir" != .kunit-digest ]; } ||
		KFRAGS+=("$EDITION_CONFIG" "$TOP/configs/guest.config" "$TOP/configs/debug.config")
	KARGS=(--arch="${KUNIT_ARCH:-x86_64}" --kunitconfig="$kc" --build_dir="$dir" --jobs="$JOBS"
		--make_options "CC=ccache ${KUNIT_CROSS:-}gcc")
	[ -z "${KUNIT_CROSS:-}" ] || KARGS+=(--cross_compile="$KUNIT_CROSS")
	while read -r l; do KARGS+=(--kconfig_add "$l"); done < <(grep -h '^CONFIG_' "${KFRAGS[@]}")
}

# The KUnit runs of make check-ports, in the variables kunit_args and
# check_kunit read (MUTATE_ARCH=i386 make mutate takes the i386 one):
#   i386       HIGHMEM4G with 2 GiB, more than the direct map holds, so
#              that zsmalloc's pages land in HIGHMEM; the edition's
#              HIGHMEM case must pass, not skip.  No KASAN on 32-bit x86.
#   arm64-64k  64 KiB pages, cross-compiled; its skips are named
#              kunit-arm64-64k:SUITE.CASE in expected-skips.
#   up         x86_64 without SMP, with preemption, on one vCPU: a
#              trylock of a held spinlock succeeds there (no lockdep,
#              whose DEBUG_SPINLOCK would make it fail); its skips are
#              named kunit-up:SUITE.CASE.
# usage: kunit_port i386|arm64-64k|up
kunit_port() {
	KUNIT_ARGS=() KUNIT_PREFIX=kunit KUNIT_MUST_PASS="" KUNIT_CROSS="" KUNIT_CPUS=2
	case $1 in
	i386)
		KUNIT_ARCH=i386 KUNIT_DIR=.kunit-i386 KUNIT_CONFIGS=$TOP/configs/kunit-i386.config
		# slab_nomerge: without KASAN, a z3fold pool's handle cache
		# merges with another cache, whose destruction then reports
		# no leak (z3fold_slots_nomem says so)
		KUNIT_TAG="i386 HIGHMEM" KUNIT_ARGS=(--qemu_args "-m 2048" --kernel_args slab_nomerge)
		KUNIT_MUST_PASS=$HIGHMEM_CASE
		;;
	arm64-64k)
		KUNIT_ARCH=arm64 KUNIT_DIR=.kunit-arm64 KUNIT_CONFIGS=$TOP/configs/kunit-arm64-64k.config
		KUNIT_CROSS=aarch64-linux-gnu- KUNIT_TAG="arm64 64K pages" KUNIT_PREFIX=kunit-arm64-64k
		KUNIT_TIMEOUT=${KUNIT_TIMEOUT:-1800}
		;;
	up)
		KUNIT_ARCH=x86_64 KUNIT_DIR=.kunit-up KUNIT_CONFIGS=$TOP/configs/kunit-up.config
		KUNIT_TAG="x86_64 without SMP" KUNIT_PREFIX=kunit-up KUNIT_CPUS=1
		;;
	*) die "unknown port '$1'" ;;
	esac
}

check_zpool() {
	case " $ZPOOLS " in
	*" $1 "*) ;;
	*) die "unknown ZPOOL '$1': choose one of: $ZPOOLS" ;;
	esac
}


# The results file of a boot whose console is $1 (see boot.sh): what the
# guest's userspace wrote to its own serial port, ttyS1.
# usage: results_of CONSOLE
results_of() { echo "${1%.console}.results"; }

# Judge a guest boot (see boot.sh); prints one line per finding.  The
# results (the WB: lines, the workload's) come from the results port
# (results_of), the splats from the console.  Everything it reads comes
# from this boot: boot.sh removes both files before QEMU starts.  The
# kselftests' TAP and the fault lines are judged by make check, apart.
judge_console() {
	local logf=$1 zpool=$2 bad=0 got stored splat taint tbad res
	res=$(results_of "$1")
	[ -s "$logf" ] || { echo "FAIL: no console log ($logf): the guest never started"; return 1; }
	[ -s "$res" ] || { echo "FAIL: nothing on the guest's results port (${res#"$TOP"/}): its init never ran, or the kernel has no ttyS1"; return 1; }
	# Each on its port: the kernel's banner in the console, not in the
	# results (where the judges would then read kernel lines as results).
	grep -q 'Linux version' "$logf" || { echo "FAIL: no kernel banner in the console (${logf#"$TOP"/}): the serial ports are mixed up"; bad=1; }
	! grep -q 'Linux version' "$res" || { echo "FAIL: the kernel's messages are on the results port (${res#"$TOP"/})"; bad=1; }
	grep -q '^WB: done' "$res" || { echo "FAIL: the guest did not finish (hang, panic or time-out)"; bad=1; }
	# The first match, by sed itself (a head after it could kill sed
	# with SIGPIPE, under pipefail the assignment's failure).
	got=$(sed -n '/^WB: zpool /{s/^WB: zpool \([^ ]*\).*/\1/p;q}' "$res")
	[ "$got" = "$zpool" ] || { echo "FAIL: zswap's zpool parameter reads '$got', not '$zpool'"; bad=1; }
	stored=$(sed -n '/^zswap after-store stored_pages /{s///p;q}' "$res")
	[ "${stored:-0}" -gt 0 ] || { echo "FAIL: zswap stored no pages through $zpool (stored_pages=${stored:-none})"; bad=1; }
	# The workload's exit status covers every byte and, where it was asked
	# to (-z), the proof that the pages went out to zswap and came back.
	# The lines that say what failed first (a worker among several).
	grep -q '^WB: workload exit 0$' "$res" ||
		{ echo "FAIL: the workload failed: $( { grep -E '^workload: .*(zswap path FAIL|first corrupt|[1-9][0-9]* corrupt pages)' "$res"; grep -E '^workload: .*(checked|zswap path)' "$res"; } | head -n 3 | tr '\n' ';')"; bad=1; }
	# KASAN, KFENCE, WARN and lockdep all taint: the kernel must end clean.
	# TAINT_OK: taint bits a boot may set (KUnit's TAINT_TEST, 262144,
	# where the guest runs a suite).
	taint=$(sed -n 's/^WB: tainted //p' "$res" | tail -n1)
	case $taint in
	*[!0-9]* | "") tbad=1 ;;
	*) tbad=$(( (taint & ~${TAINT_OK:-0}) != 0 )) ;;
	esac
	[ "$tbad" -eq 0 ] || { echo "FAIL: the kernel ended tainted (/proc/sys/kernel/tainted: ${taint:-not printed}${TAINT_OK:+; allowed: $TAINT_OK})"; bad=1; }
	# KASAN and KFENCE reports start with "BUG:", lockdep's with "WARNING:".
	# One trace is not a splat: the one of an allocation that waited over
	# 10 s (warn_alloc's "page allocation stall", no taint), which the
	# TCG guest gives when a test drives free memory below the min
	# watermark on purpose (7.2's test_zswap, test_no_kmem_bypass).
	splat=$(awk '/page allocation stall for/ {stall = NR}
		/Call Trace:/ && stall && NR - stall <= 4 {next}
		/BUG:|kernel BUG at|WARNING:|UBSAN:|Oops|Kernel panic|general protection fault|list_(add|del) corruption|Call Trace:|suspicious RCU usage|rcu: INFO:|DEBUG_LOCKS_WARN_ON/' "$logf" |
		head -n 5 || true)
	[ -z "$splat" ] || { echo "FAIL: console splat: $(echo "$splat" | tr '\n' ';')"; decode_hint "$logf" "$(case ${KIMAGE:-} in */arch/*/boot/*) echo "${KIMAGE%/arch/*}" ;; esac)"; bad=1; }
	stall=$(grep -c 'page allocation stall for' "$logf" || true)
	[ "$stall" -eq 0 ] || echo "tolerated: $stall page allocation stall report(s), no taint"
	[ "$bad" -ne 0 ] || echo "console: finished, zswap stored $stored pages, workload verified, untainted, no splat"
	return $bad
}

# The zpool after $1 in ZPOOLS, round.
next_zpool() { echo $ZPOOLS $ZPOOLS | tr ' ' '\n' | grep -A1 -xF "$1" | sed -n 2p; }

# The stress lines of a make stress boot's results: enough bytes through zswap
# (at least MIN), writeback to the swap device, no corrupt page,
# migrations (but on zbud, whose pages do not move), and the zpool switch
# to WANT taken.  usage: stress_figures RESULTS ZPOOL WANT MIN
stress_figures() {
	local con=$1 z=$2 want=$3 min=$4 bad=0 v switched
	fig() { sed -n "s/^WB: stress $1 //p" "$con"; }
	echo "$z: $(fig bytes_through_zswap) bytes through zswap, $(fig migrations) migrations, $(fig writebacks) writebacks, swap device pages $(fig swap_device_pages), $(fig corrupt_pages) corrupt pages"
	v=$(fig bytes_through_zswap); [ "${v:-0}" -ge "$min" ] || { echo "FAIL: ${v:-0} bytes through zswap, want >= $min"; bad=1; }
	v=$(fig writebacks)
	if [ "${v:-0}" -eq 0 ] && [[ " ${NO_WRITEBACK:-} " == *" $z "* ]]; then
		echo "no writeback, none required: ${NO_WRITEBACK_WHY:-}"
	elif [ "${v:-0}" -eq 0 ]; then
		echo "FAIL: no writeback to the swap device"; bad=1
	fi
	v=$(fig corrupt_pages); [ "${v:-1}" -eq 0 ] || { echo "FAIL: ${v:-unknown} corrupt pages"; bad=1; }
	if [ "$z" != zbud ]; then
		v=$(fig migrations); [ "${v:-0}" -gt 0 ] || { echo "FAIL: no page migration seen on $z"; bad=1; }
	fi
	switched=$(grep '^WB: stress switched zpool' "$con" || true)
	case $switched in
	*"write exit 0, reads $want,"*) ;;
	*) echo "FAIL: the switch to $want did not take: ${switched:-no switch line}"; bad=1 ;;
	esac
	[ "$bad" -eq 0 ] || return 1
	echo "$z: $(fig bytes_through_zswap) B through zswap, $(fig migrations) migrations, $(fig writebacks) writebacks, 0 corrupt, switched to $want"
}

# The counters the stress guest samples every third compaction round ("WB: stress sample"
# lines), as CSV (OUT.csv) and, with gnuplot, a plot (OUT.png): the pool
# over time, in MiB stored (pages) and MiB used (pool_total_size), with
# their ratio (the compression ratio), and the growth of zswpout, zswpin,
# writebacks and migrations.  Results without samples fail: the guest
# stopped reporting.  usage: stress_series RESULTS ZPOOL OUT
stress_series() {
	local con=$1 z=$2 out=$3 rows plotted=""
	rm -f "$out.csv" "$out.png"
	rows=$(sed -n 's/^WB: stress sample \([0-9]\+\( [0-9]\+\)\{6\}\)$/\1/p' "$con")
	[ -n "$rows" ] || { echo "FAIL: no counter samples in ${con#"$TOP"/} (WB: stress sample)"; return 1; }
	{
		echo "seconds,stored_pages,pool_total_size,zswpout,zswpin,written_back_pages,migrations,ratio"
		echo "$rows" | awk '{ printf "%s,%s,%s,%s,%s,%s,%s,%.2f\n", $1, $2, $3, $4, $5, $6, $7, ($3 > 0 ? $2 * 4096 / $3 : 0) }'
	} >"$out.csv"
	if command -v gnuplot >/dev/null; then
		if gnuplot <<-EOF >"$out.gnuplot.log" 2>&1; then plotted=", plotted in ${out#"$TOP"/}.png"; else echo "gnuplot failed (see ${out#"$TOP"/}.gnuplot.log)"; fi
			set terminal png size 900,600
			set output "$out.png"
			set datafile separator ","
			set multiplot layout 2,1 title "make stress, $z, zpool switched half-way"
			set key top left
			set ylabel "MiB"
			set y2label "stored / used"
			set y2tics
			set y2range [0:*]
			plot "$out.csv" skip 1 using 1:(\$2 * 4096 / 1048576) with lines title "stored in zswap", \
			     "" skip 1 using 1:(\$3 / 1048576) with lines title "pool size", \
			     "" skip 1 using 1:8 axes x1y2 with lines dt 2 title "compression ratio"
			set xlabel "seconds"
			set ylabel "since the start"
			unset y2label
			unset y2tics
			set logscale y
			plot "$out.csv" skip 1 using 1:(\$4 + 1) with lines title "zswpout (pages)", \
			     "" skip 1 using 1:(\$5 + 1) with lines title "zswpin (pages)", \
			     "" skip 1 using 1:(\$6 + 1) with lines title "writebacks (pages)", \
			     "" skip 1 using 1:(\$7 + 1) with lines title "migrations"
			unset multiplot
		EOF
	fi
	echo "$z: $(echo "$rows" | wc -l) counter samples in ${out#"$TOP"/}.csv$plotted"
}

# ---- stages and their count (make check, make stress) ----------------------
# A stage passes when its body exits 0 and fails on any other status, with
# one exception: a body that calls skip "why" is skipped.  skip writes its
# reason to a file and exits SKIP_STATUS; that status without the file (a
# tool that happens to return it) is a failure too.  A SKIP fails the run
# unless expected-skips lists it; a stage declared with expect that never
# ran is a FAIL.
SKIP_STATUS=77
EXPECTED_SKIPS=${EXPECTED_SKIPS:-$TOP/expected-skips}

# The summary also goes, one JSON object a result (name, status, reason,
# seconds, log), to the .json file beside it, which .ci/run sums, and as a
# table with durations and logs to report.md in the same folder (or to
# STAGE_REPORT: make mutate's report.md is its table of mutants).
counts_init() {
	passed=0 failed=0 skipped=0 summary=$1 expected="" stage_n=0 first_fail="" left_out=0 decode_hints=""
	counts_t0=$SECONDS stage_secs=0 stage_log=""
	declare -gA seen=()
	: >"$summary"
	: >"${summary%.txt}.json"
	# Stages run beside each other (stages_beside) number on from one file.
	STAGE_N_FILE=${summary%.txt}.n
	echo 0 >"$STAGE_N_FILE"
}

# The next stage's number.
stage_number() {
	flock "$STAGE_N_FILE" sh -c 'n=$(($(cat "$1") + 1)); echo "$n" >"$1"; echo "$n"' _ "$STAGE_N_FILE"
}

# A string as a JSON string (quotes, backslashes and control characters).
json_str() {
	local s=${1//\\/\\\\}
	s=${s//\"/\\\"}
	s=${s//$'\t'/\\t}
	printf '"%s"' "$(printf '%s' "$s" | tr -d '\000-\037')"
}

# ONLY=REGEX (make check ONLY=kunit): run the stages whose names match it
# and those they need (ONLY_NEEDS: the tree, the kernels, the initramfs);
# the others are left out of the run and of its count, and the closing
# lines say how many.  usage: only_wants NAME
only_wants() {
	[ -z "${ONLY:-}" ] || [[ $1 =~ $ONLY ]] || [[ " ${ONLY_NEEDS:-} " == *" $1 "* ]]
}

# The stages this run must report on.
expect() {
	local n
	for n in "$@"; do only_wants "$n" && expected="$expected $n"; done
	return 0
}

# From a stage body: skip the stage, saying why.
skip() {
	printf '%s\n' "$*" >"$STAGE_SKIP"
	echo "SKIP: $*"
	exit "$SKIP_STATUS"
}

# From a stage body: one more result line, such as a skipped KUnit case.
# usage: subresult PASS|FAIL|SKIP NAME [DETAIL]
subresult() { printf '%s\t%s\t%s\n' "$1" "$2" "${3:-}" >>"$STAGE_SUB"; }

# The reason expected-skips gives for a skipped NAME, if any (its lines:
# a shell pattern for the name, then the reason).
expected_skip() {
	local pat why
	[ -f "$EXPECTED_SKIPS" ] || return 1
	while read -r pat why; do
		case $pat in ''|'#'*) continue ;; esac
		# shellcheck disable=SC2254
		case $1 in $pat) echo "$why"; return 0 ;; esac
	done <"$EXPECTED_SKIPS"
	return 1
}

# result PASS|FAIL|SKIP STAGE [DETAIL]
result() {
	local st=$1 why h
	if [ "$st" = SKIP ] && ! why=$(expected_skip "$2"); then
		st=FAIL
		set -- "$st" "$2" "unexpected SKIP (expected-skips does not list it): ${3:-}"
	elif [ "$st" = SKIP ]; then
		set -- "$st" "$2" "${3:-} [expected: $why]"
	fi
	case $st in
	PASS) passed=$((passed + 1)) ;;
	SKIP) skipped=$((skipped + 1)) ;;
	*) st=FAIL; failed=$((failed + 1)) ;;
	esac
	seen[$2]=$st
	[ "$st" != FAIL ] || [ -n "$first_fail" ] || first_fail="$2 (${stage_log:-no log})"
	if [ "$st" = FAIL ] && [ -n "${stage_log:-}" ]; then
		h=$(grep -m1 '^decode: ' "$stage_log" 2>/dev/null || true)
		[ -z "$h" ] || decode_hints+="$h"$'\n'
	fi
	printf '%-4s  %-28s %s\n' "$st" "$2" "${3:-}" | tee -a "$summary"
	printf '{"name": %s, "status": %s, "reason": %s, "seconds": %d, "log": %s}\n' \
		"$(json_str "$2")" "$(json_str "$st")" "$(json_str "${3:-}")" "$stage_secs" \
		"$(json_str "${stage_log#"$TOP"/}")" >>"${summary%.txt}.json"
}

# A splat's call trace with file:line is make decode's (scripts/decode.sh):
# the command, for log $1 of kernel build $2 (default: the tip's debug
# kernel).  counts_finish repeats it for the failed stages.
decode_hint() {
	echo "decode: $( [ "${MAINLINE:-0}" != 1 ] || echo 'MAINLINE=1 ')make decode LOG=${1#"$TOP"/}${2:+ KERNEL=${2#"$TOP"/}}"
}

# True when stage NAME ran and passed.
stage_passed() { [ "${seen[$1]:-}" = PASS ]; }

# Run stage NAME (the command CMD...) in a subshell with errexit, its output
# in its log; progress lines still reach the terminal.  STAGE_AFTER, if set,
# names a function run after every stage whose failure fails the stage.
# Always returns 0: the result is in seen[] (stage_passed).
# usage: stage NAME CMD...
stage() {
	local name=$1 rc start=$SECONDS logf=$LOGS/stage-$1.log st why n probe
	shift
	# errexit is silently off in anything called from an if, ||, && or !
	# (bash ignores set -e there, even in subshells): a stage called there
	# would pass with failing steps.  Probe for it, and refuse.
	set +e
	probe=$(set -e; false; echo leak)
	set -e
	[ "$probe" != leak ] || die "stage $name: called where errexit is ignored (from an if, ||, && or !): call stage as a plain command"
	only_wants "$name" || { left_out=$((left_out + 1)); return 0; }
	# [n/N]: N counts the stages the run expects (at least this one).
	stage_n=$(stage_number)
	n=$(echo $expected | wc -w)
	[ "$n" -ge "$stage_n" ] || n=$stage_n
	log "stage [$stage_n/$n] $name (at $(( (SECONDS - counts_t0) / 60 ))m$(( (SECONDS - counts_t0) % 60 ))s)"
	export STAGE_SKIP=$LOGS/stage-$name.skip STAGE_SUB=$LOGS/stage-$name.sub
	rm -f "$STAGE_SKIP" "$STAGE_SUB"
	set +e
	(set -euo pipefail; "$@") 2>&1 | tee "$logf" |
		grep --line-buffered -E '^(\[[0-9:]{8}\] |  guest\| )' >&2
	rc=${PIPESTATUS[0]}
	if [ -n "${STAGE_AFTER:-}" ]; then
		"$STAGE_AFTER" >>"$logf" 2>&1 || { tail -n 3 "$logf"; rc=1; }
	fi
	set -e
	stage_secs=$((SECONDS - start)) stage_log=$logf
	if [ "$rc" -eq 0 ]; then
		result PASS "$name" "$(tail -n 1 "$logf") ($((SECONDS - start)) s)"
	elif [ "$rc" -eq "$SKIP_STATUS" ] && [ -s "$STAGE_SKIP" ]; then
		result SKIP "$name" "$(cat "$STAGE_SKIP")"
	else
		tail -n 30 "$logf" | sed 's/^/    /'
		result FAIL "$name" "exit $rc: see ${logf#"$TOP"/}"
	fi
	if [ -f "$STAGE_SUB" ]; then
		stage_secs=0
		while IFS=$'\t' read -r st n why; do result "$st" "$n" "$why"; done <"$STAGE_SUB"
	fi
	stage_secs=0 stage_log=""
	return 0
}

# Stages beside the others: "stages_beside WHAT FUNC ARGS..." runs FUNC (which
# calls stage) in the background at nice 10, and "stages_join" waits for it
# and adds its results to this run's.  For builds beside QEMU guests: a
# TCG guest of make check leaves most of a core idle, and at nice 10 the
# builds take that and little else.  Their progress lines show at once,
# their result lines when they are joined.
# usage: stages_beside WHAT FUNC ARGS... (WHAT: words for the log line)
stages_beside() {
	BESIDE_OUT=$LOGS/beside.out BESIDE_STATE=$LOGS/beside.state
	rm -f "$BESIDE_OUT" "$BESIDE_STATE"
	log "beside the next stages, at nice 10: $1 (their results come after those stages')"
	shift
	(
		renice -n 10 -p "$BASHPID" >/dev/null
		passed=0 failed=0 skipped=0 left_out=0 first_fail="" decode_hints=""
		summary=$LOGS/beside-summary.txt
		: >"$summary"
		: >"${summary%.txt}.json"
		"$@"
		{
			declare -p seen | sed 's/^declare -A seen=/declare -gA b_seen=/'
			printf 'b_passed=%d b_failed=%d b_skipped=%d b_left_out=%d\n' \
				"$passed" "$failed" "$skipped" "$left_out"
			printf 'b_first_fail=%q b_decode_hints=%q\n' "$first_fail" "$decode_hints"
		} >"$BESIDE_STATE"
	) >"$BESIDE_OUT" &
	BESIDE_PID=$!
}
stages_join() {
	local k
	wait "$BESIDE_PID" || true
	cat "$BESIDE_OUT"
	if [ ! -s "$BESIDE_STATE" ]; then
		stage_log=$BESIDE_OUT
		result FAIL beside "the stages run beside the others stopped early: see ${BESIDE_OUT#"$TOP"/}"
		stage_log=""
		return 0
	fi
	. "$BESIDE_STATE"
	for k in "${!b_seen[@]}"; do seen[$k]=${b_seen[$k]}; done
	passed=$((passed + b_passed)) failed=$((failed + b_failed))
	skipped=$((skipped + b_skipped)) left_out=$((left_out + b_left_out))
	[ -n "$first_fail" ] || first_fail=$b_first_fail
	decode_hints+=$b_decode_hints
	cat "$LOGS/beside-summary.txt" >>"$summary"
	cat "$LOGS/beside-summary.json" >>"${summary%.txt}.json"
}

# The closing summary and count line; exit status 0 only if nothing failed.
counts_finish() {
	local n
	for n in $expected; do
		[ -n "${seen[$n]:-}" ] || result FAIL "$n" "never ran (a stage it needs failed first)"
	done
	local rep=${STAGE_REPORT:-$(dirname "$summary")/report.md}
	report_md >"$rep" || true
	echo
	echo "== summary (also in ${summary#"$TOP"/}; stages: ${summary%.txt}.json; report: ${rep#"$TOP"/})"
	cat "$summary"
	echo "took $(( (SECONDS - counts_t0) / 60 ))m$(( (SECONDS - counts_t0) % 60 ))s"
	[ -z "$first_fail" ] || echo "first failure: $first_fail"
	# The failed stages' splats, to read with file:line (make decode).
	[ -z "${decode_hints:-}" ] || printf '%s' "$decode_hints" | sort -u
	[ -z "${ONLY:-}" ] || echo "ONLY=$ONLY: $left_out stages left out (this is not the full verdict)"
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}

# The stages of this run as a markdown table: status, name, seconds, log,
# reason.
report_md() {
	python3 - "${summary%.txt}.json" <<-'PY'
	import json, sys
	rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
	print("| status | stage | seconds | log | reason |")
	print("|---|---|---|---|---|")
	for r in rows:
	    why = r["reason"].replace("|", "/")[:200]
	    print(f"| {r['status']} | {r['name']} | {r['seconds']} | {r['log'] or '-'} | {why} |")
	n = {s: sum(r["status"] == s for r in rows) for s in ("PASS", "FAIL", "SKIP")}
	print(f"\n{n['PASS']} passed, {n['FAIL']} failed, {n['SKIP']} skipped; {sum(r['seconds'] for r in rows)} s in stages.")
	PY
}
