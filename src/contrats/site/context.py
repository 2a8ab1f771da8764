"""What every page builder receives: the data, its cross-references, map layers, downloads and common links."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import fmt, links
from .crossref import CrossRef
from .data import Row, SiteData
from .downloads import Download
from .history import History
from .maps import Layers
from .page import Page
from .territories import Territory

LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENCE_NAME = "Licence Ouverte 2.0 (Etalab)"
SITE_NAME = "Contrats territoriaux ouverts"


def citation_text(title: str, version: str, url: str) -> str:
    """How to cite a page or a download of the catalogue."""
    return f"« {title} », {SITE_NAME}, catalogue version {version}, {LICENCE_NAME}, {url}"


@dataclass
class Context:
    """Shared state of one rendering run."""

    data: SiteData
    xref: CrossRef
    layers: Layers
    site_url: str
    downloads: dict[str, list[Download]] = field(default_factory=dict)
    territory_keys: set[str] = field(default_factory=set)
    document_parts: dict[str, list[int]] = field(default_factory=dict)  # document_id → start offsets of its pages
    history: dict[str, History] = field(default_factory=dict)  # contrat_id → git history of its source file

    @property
    def repository(self) -> str:
        """Address of the project's public repository (catalogue descriptor « contrats:depot »), or ''."""
        return str(self.data.catalogue.descriptor.get("contrats:depot") or "")

    def absolute(self, url: str) -> str:
        """Absolute address of a site path (for JSON-LD and citations)."""
        return self.site_url.rstrip("/") + "/" + url

    def title(self, contract_id: str) -> str:
        """Title of a contract of the catalogue (its id when unknown)."""
        c = self.data.contract(contract_id)
        return c["titre"] if c else contract_id

    def contract_link(self, page: Page, contract_id: str) -> str:
        """Link to a contract page, or its id as text when it is not in the catalogue."""
        if self.data.contract(contract_id) is None:
            return fmt.esc(contract_id)
        return page.link(links.contract(contract_id), self.title(contract_id))

    def territory_link(self, page: Page, t: Territory | None, text: str | None = None) -> str:
        """Link to a territory page when it exists, else its name."""
        if t is None:
            return ""
        label = text or t.label
        return page.link(links.territory(t.key), label) if t.key in self.territory_keys else fmt.esc(label)

    def party_link(self, page: Page, contract_id: str, party_id: str | None, text: str | None = None) -> str:
        """Link to the page of the organisation behind a contract's party id."""
        if not party_id:
            return ""
        slug = self.xref.party_slug.get((contract_id, party_id))
        if slug is None:
            return fmt.esc(text or party_id)
        return page.link(links.party(slug), text or self.xref.parties[slug].nom)

    def party_name(self, contract_id: str, party_id: str | None) -> str:
        """Name of a contract's party."""
        for p in self.data.of(contract_id, "parties"):
            if p["partie_id"] == party_id:
                return p["nom"]
        return party_id or ""

    def element(self, contract_id: str, element_id: str | None) -> Row | None:
        """A structure element of a contract."""
        return next((e for e in self.data.of(contract_id, "structure") if e["element_id"] == element_id), None)
