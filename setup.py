"""The packages to build: every package found under toolkit/ (as pyproject.toml's
`packages.find` would, namespaces included) and the shipped termbase as the data package
dilmac.termbase.builtin, which pyproject.toml maps to termbase/ and whose files it names by
pattern. pyproject.toml cannot list found packages and a mapped one together; this file only
adds the mapped one, so a new stage package ships without a change here."""

from setuptools import find_namespace_packages, setup

setup(packages=[*find_namespace_packages("toolkit"), "dilmac.termbase.builtin"])
