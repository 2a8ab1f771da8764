"""Contrats territoriaux ouverts: curated sources to validated Frictionless packages and a static site."""

__version__ = "0.1.0"
