"""Entry point for `python -m contrats`."""

from .cli import main

raise SystemExit(main())
