"""python -m generator.printing: make the PDFs' quick faces now (make runs it when it installs), or
say why PDFs cannot be made yet; the site builds either way."""
from __future__ import annotations

import sys

from . import engine, faces


def main() -> int:
    problem = engine.missing()
    if problem:
        print(f"bianmin: {problem}（PDF 暂时不做，网站照常生成）", file=sys.stderr)
        return 0
    print(f"bianmin: PDF 用的字体在 {faces.folder(engine.find_faces())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
