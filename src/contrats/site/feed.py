"""Atom feed (feed.xml) of contracts added to or changed in the catalogue, from their source files' git history."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from . import links
from .context import SITE_NAME, Context

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 100  # most recent changes kept in the feed


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def atom_feed(ctx: Context) -> bytes:
    """The feed's bytes: one entry per commit that added or changed a contract's source file, newest first."""
    ET.register_namespace("", ATOM)
    events = []
    for cid, history in ctx.history.items():
        c = ctx.data.contract(cid)
        if c is None:
            continue
        for change in history.changes:
            events.append((change.date, cid, change, c["titre"]))
    events.sort(key=lambda e: (e[0], e[1], e[2].commit), reverse=True)
    events = events[:LIMIT]
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "fr"})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{SITE_NAME} : contrats ajoutés ou modifiés"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = ctx.absolute("feed.xml")
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(events[0][0]) if events else "1970-01-01T00:00:00Z"
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": ctx.absolute("feed.xml")})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": ctx.absolute("")})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = SITE_NAME
    for day, cid, change, title in events:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        verb = "Ajout" if change.added else "Modification"
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"{verb} : {title}"
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{ctx.absolute(links.contract(cid))}#{change.commit[:12]}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(day)
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "href": ctx.absolute(links.contract(cid))})
        summary = ("Contrat ajouté au catalogue" if change.added else "Données du contrat modifiées") + \
            f" (version des sources {change.commit[:12]})."
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = summary
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"
