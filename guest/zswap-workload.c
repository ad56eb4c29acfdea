// SPDX-License-Identifier: GPL-2.0
/*
 * zswap-workload: push patterned anonymous memory through zswap and check
 * that every byte comes back.
 *
 *   zswap-workload [-m MIB | -p PERCENT] [-s SEED] [-r] [-t SECONDS] [-c]
 *
 * -m MIB      how much anonymous memory to fill (default: -p 150)
 * -p PERCENT  fill PERCENT of MemTotal (more than 100 forces swapping)
 * -s SEED     pattern seed (default 1)
 * -r          after the store phase, also push the whole process into zswap
 *             through its memory cgroup's memory.reclaim
 * -t SECONDS  stress: after the first store, keep verifying every page and
 *             rewriting it with the next seed until SECONDS have passed
 * -c          compressible pages only (no 2-4 KiB noise runs): every page
 *             stays in zswap, none goes to the swap device (make bench)
 *
 * Each page holds its own index and a seeded pseudo-random run whose length
 * varies from page to page, the rest a repeated word, so pages compress to
 * many different sizes (every zsmalloc size class, both zbud buddies, z3fold
 * headless pages) and no page is "same-filled" (which zswap would keep
 * without the zpool).  Phases are timed and printed as "phase NAME ... ms".
 * Exit status 0 only if every byte of every page read back as written.
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
	uint64_t st = (idx + 1) * 0x9E3779B97F4A7C15ULL ^ seed;
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
		else if (i < 2 + nrand)
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

static long meminfo_kb(const char *key)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':')
			v = strtol(line + strlen(key) + 1, NULL, 10);
	fclose(f);
	return v;
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

/* Ask the memory cgroup we run in to reclaim @bytes. */
static int reclaim_self(size_t bytes)
{
	char cg[512], path[600], req[32];
	FILE *f = fopen("/proc/self/cgroup", "r");
	int fd, n;

	if (!f || !fgets(cg, sizeof(cg), f)) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	cg[strcspn(cg, "\n")] = 0;
	/* cgroup v2 line: "0::/path" */
	snprintf(path, sizeof(path), "/sys/fs/cgroup%s/memory.reclaim",
		 strchr(cg, '/') ? strchr(cg, '/') : "/");
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
	long mib = 0, percent = 150, seconds = 0;
	int opt, do_reclaim = 0;
	size_t npages, i, bad = 0, badpages = 0, step;
	unsigned char *mem;
	double t;

	while ((opt = getopt(argc, argv, "m:p:s:rt:c")) != -1) {
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
		case 'c':
			compressible_only = 1;
			break;
		default:
			fprintf(stderr, "usage: %s [-m MIB | -p PERCENT] [-s SEED] [-r] [-t SECONDS] [-c]\n",
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
	printf("workload: %ld MiB (%zu pages), MemTotal %ld MiB, seed %llu\n",
	       mib, npages, meminfo_kb("MemTotal") / 1024,
	       (unsigned long long)seed);
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

	/* Stress: verify and rewrite everything, pass after pass. */
	for (t = now_ms(); seconds && now_ms() - t < seconds * 1e3; ) {
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
	printf("workload: %zu pages checked, %zu corrupt pages, %zu bad words: %s\n",
	       npages, badpages, bad, badpages ? "FAIL" : "OK");
	return badpages ? 1 : 0;
}
