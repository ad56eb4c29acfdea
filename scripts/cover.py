#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A kept cover letter's own words: its subject and its text (the blurb).

  cover.py fill OLD NEW   put OLD's subject and text into NEW, git
                          format-patch's cover letter template (make export)
  cover.py text OLD       print the subject on one line, a blank line and
                          the text: a b4 branch description (make outgoing)
"""
import re
import sys


def parse(text):
    """Return (subject, blurb) of a cover letter; the subject keeps its
    header folding, the blurb ends where the shortlog ("Name (N):") begins."""
    m = re.search(r"^Subject: \[PATCH[^]]*\] (.*(?:\n .*)*)", text, re.M)
    if not m:
        sys.exit("cover.py: no '[PATCH...]' Subject: in the cover letter")
    body = text.split("\n\n", 1)[1]
    blurb = re.split(r"^\S.* \(\d+\):$", body, maxsplit=1, flags=re.M)[0].rstrip() + "\n"
    return m.group(1), blurb


def main(argv):
    if len(argv) == 4 and argv[1] == "fill":
        subject, blurb = parse(open(argv[2]).read())
        new = open(argv[3]).read()
        new = re.sub(r"\*\*\* SUBJECT HERE \*\*\*", lambda m: subject, new, count=1)
        new = new.replace("*** BLURB HERE ***\n", blurb, 1)
        open(argv[3], "w").write(new)
    elif len(argv) == 3 and argv[1] == "text":
        subject, blurb = parse(open(argv[2]).read())
        sys.stdout.write(subject.replace("\n ", " ") + "\n\n" + blurb)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
