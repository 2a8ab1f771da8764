"""MkDocs hooks (mkdocs.yml « hooks »): trim the whitespace Material's templates leave in every page.

Each page carried ~5 KB of indentation and blank lines from the theme's Jinja templates; at thousands of pages that
is tens of megabytes. Every run of whitespace that contains a line break becomes one line break, which HTML renders
identically, except inside elements whose whitespace is significant (pre, textarea, and the document texts shown
with « white-space: pre-wrap »), left untouched.
"""

from __future__ import annotations

import re

_KEEP = re.compile(r'(<pre\b.*?</pre>|<textarea\b.*?</textarea>|<div class="texte-document">.*?</div>)', re.S)
_BREAKS = re.compile(r"[ \t\r]*\n\s*")


def compact(html: str) -> str:
    """`html` with whitespace runs holding a line break reduced to one line break, outside preformatted text."""
    parts = _KEEP.split(html)
    return "".join(p if i % 2 else _BREAKS.sub("\n", p) for i, p in enumerate(parts))


def on_post_page(output: str, page, config) -> str:  # noqa: ANN001 (MkDocs hook signature)
    """Compact every rendered page."""
    return compact(output)
