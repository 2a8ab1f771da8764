"""Measure the scroll height of site pages at phone (390×844) and desktop (1366×900) widths, with screenshots.

Usage: python scripts/page_heights.py [site-folder] [path …]   (default: site/ and the NPdC contract page)
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402

from sitekit import launch, serve  # noqa: E402

WIDTHS = ((390, 844), (1366, 900))


def main() -> int:
    """Print one line per page and width: height in px, and in screens."""
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    paths = sys.argv[2:] or ["contrats/cper-nord-pas-de-calais-2015-2020/"]
    url, server = serve(site)
    out = Path("build/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = launch(p)
        for w, h in WIDTHS:
            page = browser.new_page(viewport={"width": w, "height": h})
            for path in paths:
                page.goto(url + path)
                height = page.evaluate("document.documentElement.scrollHeight")
                wide = page.evaluate("document.documentElement.scrollWidth")
                print(f"{path} {w}px: height {height} px ({height / h:.1f} screens), scrollWidth {wide}")
            page.close()
        browser.close()
    server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
