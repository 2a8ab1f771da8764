"""Public website: turn datapackages/ into MkDocs pages, charts, maps and downloads (never reads sources/)."""
