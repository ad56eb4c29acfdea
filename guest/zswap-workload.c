// SPDX-License-Identifier: GPL-2.0
/*
 * zswap-workload: push patterned anonymous memory through zswap and check
 * that every byte comes back.
 *
 *   zswap-workload [-m MIB | -p PERCENT] [-s SEED] [-i ID] [-r] [-t SECONDS]
 *                  [-u FILE] [-c] [-z] [-X PAGE]
 *
 * -m MIB      how much anonymous memory to fill (default: -p 150)
 * -p PERCENT  fill PERCENT of MemTotal (more than 100 forces swapping)
 * -s SEED     pattern seed (default 1)
 * -i ID       this process's id, written into every page apart from the
 *             seed, so a page handed to another process is caught (default 0)
 * -r          after the store phase, also push the whole process into zswap
 *             through its memory cgroup's memory.reclaim
 * -t SECONDS  stress: after the first store, keep verifying every page and
 *             rewriting it with the next seed until SECONDS have passed
 * -u FILE     the same, until FILE exists (checked after each pass)
 * -c          compressible pages only (no 2-4 KiB noise runs): every page
 *             stays in zswap, none goes to the swap device (make bench)
 * -z          require the zswap path: at the final verify at least a quarter
 *             of the pages must be swapped out (/proc/self/pagemap), and at
 *             least half of those must come back from zswap (zswpin of the
 *             memory cgroup, or of /proc/vmstat outside one); exit 3 if not
 * -X PAGE     the harness test of the workbench: overwrite one word of page
 *             PAGE after the store phase, as a lost write would
 *
 * Each page holds its own index and a seeded pseudo-random run whose length
 * varies from page to page, the rest a repeated word, so pages compress to
 * many different sizes (every zsmalloc size class, both zbud buddies, z3fold
 * headless pages) and no page is "same-filled" (which zswap would keep
 * without the zpool).  Phases are timed and printed as "phase NAME ... ms".
 * Exit status 0 only if every byte of every page read back as written (and,
 * with -z, the pages went through zswap).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096UL

static uint64_t seed = 1;
static uint64_t id;
static int compressible_only;

static uint64_t xorshift(uint64_t *s)
{
	uint64_t x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *s = x;
}

/* Fill page @idx, or with @check compare it; return the bad 64-bit words. */
static size_t pattern(uint64_t *p, size_t idx, int check)
{
	uint64_t st = (idx + 1) * 0x9E3779B97F4A7C15ULL ^ seed ^
		      (id + 1) * 0xC2B2AE3D27D4EB4FULL;
	size_t nwords = PAGE / 8, nrand, i, bad = 0;
	uint64_t w;

	/*
	 * Mostly 0 to 1535 bytes of noise, one page in eight 2 to 4 KiB (large
	 * objects, z3fold headless pages), then a repeated word.
	 */
	nrand = ((idx * 2654435761UL) >> 7) % 192;
	if (idx % 8 == 5 && !compressible_only)
		nrand = 256 + nrand * 4 / 3;
	for (i = 0; i < nwords; i++) {
		if (i == 0)
			w = 0x7a73776170000000ULL ^ idx;	/* "zswap" ^ idx */
		else if (i == 1)
			w = seed;
		else if (i == 2)
			w = 0x6964000000000000ULL ^ id;		/* "id" ^ id */
		else if (i < 3 + nrand)
			w = xorshift(&st);
		else
			w = 0x0101010101010101ULL * (idx & 0xff) ^ (i & 7);
		if (!check)
			p[i] = w;
		else if (p[i] != w)
			bad++;
	}
	return bad;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/*
 * Counter @key of the file @path, whose lines are "key<@sep>value"
 * (/proc/meminfo: ':', /proc/vmstat and memory.stat: ' '), or -1.
 */
static long long stat_key(const char *path, const char *key, char sep)
{
	char line[256];
	long long v = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == sep)
			v = strtoll(line + strlen(key) + 1, NULL, 10);
	fclose(f);
	return v;
}

static long meminfo_kb(const char *key)
{
	return stat_key("/proc/meminfo", key, ':');
}

/* Print the zswap debugfs counters, prefixed with @when. */
static void print_zswap(const char *when)
{
	static const char *const names[] = {
		"stored_pages", "pool_total_size", "written_back_pages",
		"reject_alloc_fail", "reject_compress_poor", "pool_limit_hit",
		"reject_reclaim_fail", "reject_kmemcache_fail",
		"reject_compress_fail",
	};
	char path[128], buf[64];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		FILE *f;

		snprintf(path, sizeof(path), "/sys/kernel/debug/zswap/%s",
			 names[i]);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f))
			printf("zswap %s %s %s", when, names[i], buf);
		fclose(f);
	}
	fflush(stdout);
}

/* Our cgroup v2 directory, "/sys/fs/cgroup/PATH" ("0::/PATH"), or "". */
static const char *cgroup_dir(void)
{
	static char dir[600];
	char cg[512];
	FILE *f = fopen("/proc/self/cgroup", "r");

	if (!f)
		return "";
	if (fgets(cg, sizeof(cg), f) && strchr(cg, '/')) {
		cg[strcspn(cg, "\n")] = 0;
		snprintf(dir, sizeof(dir), "/sys/fs/cgroup%s", strchr(cg, '/'));
	}
	fclose(f);
	return dir;
}

/*
 * The swap counters of the pages that matter: zswpout and zswpin from our
 * memory cgroup's memory.stat (from /proc/vmstat in the root cgroup), and
 * pswpin, which only /proc/vmstat has.
 */
struct swap_counters {
	long long zswpout, zswpin, pswpin;
};

static const char *read_counters(struct swap_counters *c)
{
	static char path[640];
	const char *src = "/proc/vmstat";

	snprintf(path, sizeof(path), "%s/memory.stat", cgroup_dir());
	if (strcmp(cgroup_dir(), "/sys/fs/cgroup/") &&
	    stat_key(path, "zswpin", ' ') >= 0)
		src = path;
	c->zswpout = stat_key(src, "zswpout", ' ');
	c->zswpin = stat_key(src, "zswpin", ' ');
	c->pswpin = stat_key("/proc/vmstat", "pswpin", ' ');
	return src;
}

/* How many of the @npages pages at @mem are swapped out now, or -1. */
static long swapped_pages(unsigned char *mem, size_t npages)
{
	uint64_t ent[512];
	size_t i, n, done = 0;
	long swapped = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return -1;
	while (done < npages) {
		n = npages - done < 512 ? npages - done : 512;
		if (pread(fd, ent, n * 8,
			  ((uintptr_t)mem / PAGE + done) * 8) != (ssize_t)(n * 8)) {
			close(fd);
			return -1;
		}
		for (i = 0; i < n; i++)
			swapped += !!(ent[i] & (1ULL << 62));	/* PM_SWAP */
		done += n;
	}
	close(fd);
	return swapped;
}

/* Ask the memory cgroup we run in to reclaim @bytes. */
static int reclaim_self(size_t bytes)
{
	char path[640], req[32];
	int fd, n;

	snprintf(path, sizeof(path), "%s/memory.reclaim", cgroup_dir());
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	n = snprintf(req, sizeof(req), "%zu", bytes);
	/* EAGAIN only says it reclaimed less than asked: fine. */
	if (write(fd, req, n) < 0 && errno != EAGAIN) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	long mib = 0, percent = 150, seconds = 0, corrupt = -1, out;
	const char *until = NULL;
	int opt, do_reclaim = 0, need_zswap = 0, path_ok = 1;
	size_t npages, i, bad = 0, badpages = 0, step;
	struct swap_counters c0, c1;
	const char *src;
	unsigned char *mem;
	double t;

	while ((opt = getopt(argc, argv, "m:p:s:i:rt:u:czX:")) != -1) {
		switch (opt) {
		case 'm':
			mib = strtol(optarg, NULL, 0);
			break;
		case 'p':
			percent = strtol(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'r':
			do_reclaim = 1;
			break;
		case 't':
			seconds = strtol(optarg, NULL, 0);
			break;
		case 'u':
			until = optarg;
			break;
		case 'i':
			id = strtoull(optarg, NULL, 0);
			break;
		case 'c':
			compressible_only = 1;
			break;
		case 'z':
			need_zswap = 1;
			break;
		case 'X':
			corrupt = strtol(optarg, NULL, 0);
			break;
		default:
			fprintf(stderr, "usage: %s [-m MIB | -p PERCENT] [-s SEED] [-i ID] [-r] [-t SECONDS] [-u FILE] [-c] [-z] [-X PAGE]\n",
				argv[0]);
			return 2;
		}
	}
	if (!mib)
		mib = meminfo_kb("MemTotal") * percent / 100 / 1024;
	if (mib <= 0) {
		fprintf(stderr, "zswap-workload: bad size\n");
		return 2;
	}
	npages = (size_t)mib * 1024 * 1024 / PAGE;
	printf("workload: %ld MiB (%zu pages), MemTotal %ld MiB, seed %llu, id %llu\n",
	       mib, npages, meminfo_kb("MemTotal") / 1024,
	       (unsigned long long)seed, (unsigned long long)id);
	src = read_counters(&c0);
	fflush(stdout);

	mem = mmap(NULL, npages * PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("mmap");
		return 2;
	}

	step = npages / 4 ? npages / 4 : 1;
	t = now_ms();
	for (i = 0; i < npages; i++) {
		pattern((uint64_t *)(mem + i * PAGE), i, 0);
		if ((i + 1) % step == 0) {
			printf("workload: stored %zu%%\n", (i + 1) * 100 / npages);
			fflush(stdout);
		}
	}
	if (do_reclaim && reclaim_self(npages * PAGE))
		printf("workload: memory.reclaim unavailable: %s\n",
		       strerror(errno));
	printf("phase store %zu pages %.3f ms\n", npages, now_ms() - t);
	print_zswap("after-store");
	if (corrupt >= 0 && (size_t)corrupt < npages) {
		((uint64_t *)(mem + corrupt * PAGE))[PAGE / 16] ^= 1;
		printf("workload: page %ld: one word overwritten on purpose (-X)\n",
		       corrupt);
	}

	/* Stress: verify and rewrite everything, pass after pass. */
	for (t = now_ms(); (seconds && now_ms() - t < seconds * 1e3) ||
			   (until && access(until, F_OK)); ) {
		size_t passbad = 0;

		for (i = 0; i < npages; i++) {
			uint64_t *p = (uint64_t *)(mem + i * PAGE);

			if (pattern(p, i, 1)) {
				if (!badpages++)
					printf("workload: page %zu: first corrupt page (seed %llu)\n",
					       i, (unsigned long long)seed);
				passbad++;
			}
			seed++;
			pattern(p, i, 0);
			seed--;
		}
		seed++;
		printf("workload: pass with seed %llu: %zu pages verified, %zu corrupt\n",
		       (unsigned long long)seed - 1, npages, passbad);
		fflush(stdout);
	}

	out = swapped_pages(mem, npages);
	t = now_ms();
	for (i = 0; i < npages; i++) {
		size_t b = pattern((uint64_t *)(mem + i * PAGE), i, 1);

		if (b && !badpages++)
			printf("workload: page %zu: first corrupt page\n", i);
		bad += b;
		if ((i + 1) % step == 0) {
			printf("workload: verified %zu%%\n", (i + 1) * 100 / npages);
			fflush(stdout);
		}
	}
	printf("phase load %zu pages %.3f ms\n", npages, now_ms() - t);
	print_zswap("after-load");
	read_counters(&c1);
	/*
	 * Every page swapped out at the final verify was faulted back by it:
	 * from zswap (zswpin) or from the swap device (pswpin).  Some came
	 * back early, by swap readahead or the stress passes, so the deltas
	 * count more than @out; pages that zswap rejected (incompressible,
	 * pool full) or wrote back came from the device.
	 */
	if (need_zswap)
		path_ok = out > 0 && (size_t)out >= npages / 4 &&
			  c1.zswpin - c0.zswpin >= out / 2;
	printf("workload: zswap path%s: %ld of %zu pages swapped out at the final verify; zswpout +%lld, zswpin +%lld (%s), pswpin +%lld (/proc/vmstat)\n",
	       need_zswap ? (path_ok ? " OK" : " FAIL") : "", out, npages,
	       c1.zswpout - c0.zswpout, c1.zswpin - c0.zswpin, src,
	       c1.pswpin - c0.pswpin);
	printf("workload: %zu pages checked, %zu corrupt pages, %zu bad words: %s\n",
	       npages, badpages, bad, badpages ? "FAIL" : "OK");
	if (badpages)
		return 1;
	return path_ok ? 0 : 3;
}
