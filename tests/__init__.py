"""The test suite is a package so that `tests.contract` and `tests.nlu` are ours: textstat 0.7
installs a top-level `tests` package into site-packages, which would otherwise win."""
