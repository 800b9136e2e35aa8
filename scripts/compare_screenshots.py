#!/usr/bin/env python
"""Which pages changed most between two runs of the browser tests (issue #14).

    CELLOPS_SCREENSHOTS_RUN=before pytest tests/browser   # on the old code
    CELLOPS_SCREENSHOTS_RUN=after pytest tests/browser    # on the new code
    .venv/bin/python scripts/compare_screenshots.py before after [--top 5]

Reads test-artifacts/screenshots/<run>/ (CELLOPS_TEST_ARTIFACTS moves the root) and prints
the screenshots present in both runs, the most changed first: the share of pixels that
differ (a page that grew or shrank counts its new area as changed), then those only in one.
Pillow comes with WeasyPrint (invoice PDFs).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PIL import Image, ImageChops

ROOT = Path(os.environ.get("CELLOPS_TEST_ARTIFACTS", "test-artifacts")) / "screenshots"


def changed_share(before: Path, after: Path) -> float:
    """The share (0 to 1) of the larger picture's pixels that differ."""
    a, b = Image.open(before).convert("RGB"), Image.open(after).convert("RGB")
    width, height = max(a.width, b.width), max(a.height, b.height)
    canvas_a = Image.new("RGB", (width, height), (255, 0, 255))
    canvas_b = Image.new("RGB", (width, height), (0, 255, 0))
    canvas_a.paste(a)
    canvas_b.paste(b)
    diff = ImageChops.difference(canvas_a, canvas_b).convert("L").point(lambda v: 255 if v else 0)
    return diff.histogram()[255] / (width * height)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--top", type=int, default=0, help="only the N most changed")
    args = parser.parse_args(argv)
    old, new = ROOT / args.before, ROOT / args.after
    if not old.is_dir() or not new.is_dir():
        print(f"need both {old} and {new}", file=sys.stderr)
        return 2
    names_old = {p.name for p in old.glob("*.png")}
    names_new = {p.name for p in new.glob("*.png")}
    both = sorted(names_old & names_new)
    ranked = sorted(((changed_share(old / n, new / n), n) for n in both), reverse=True)
    for share, name in ranked[: args.top or None]:
        print(f"{share:7.1%}  {name}")
    if not args.top:
        for name in sorted(names_new - names_old):
            print(f"    new  {name}")
        for name in sorted(names_old - names_new):
            print(f"   gone  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
