#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""How the data of the mainline series' test_zswap cases compresses.

A model, not a measurement of zswap: pattern() of
tools/testing/selftests/cgroup/test_zswap.c (patch 6 of mainline/series),
re-written here, and zlib at level 1 standing in for zswap's compressor.
Prints, for the 4096 pages of DATA_SIZE (16 MiB of 4 KiB pages), how many
different 16-byte steps (zsmalloc's size class spacing on 4 KiB pages)
their compressed sizes fall in, and the smallest and largest size.

    python3 scripts/pattern_sizes.py
"""
import struct
import zlib

M = (1 << 64) - 1
SEED = 0x5EED00C0FFEE0000
WORDS = 4096 // 8


def pattern(seed, page, word):
    x = (seed ^ (page << 24)) & M
    if not seed:
        return 0
    noise = WORDS * 7 // 8 if page % 16 == 5 else 8 + page * 37 % (WORDS // 4)
    if not word or word >= noise:
        return x
    x = (x + word * 0x9E3779B97F4A7C15) & M
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & M
    return x ^ (x >> 31)


def main():
    sizes = [len(zlib.compress(struct.pack("<%dQ" % WORDS,
                                           *(pattern(SEED, p, w) for w in range(WORDS))), 1))
             for p in range(4096)]
    print(f"4096 pages: {len({s // 16 for s in sizes})} different 16-byte steps, "
          f"{min(sizes)} to {max(sizes)} bytes")


if __name__ == "__main__":
    main()
