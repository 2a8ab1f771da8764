"""Page builders, one module per kind of page; each returns Page objects and never writes files itself."""
