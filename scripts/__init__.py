"""Command-line tools of the project (importable, so that tests need not load files by path)."""
