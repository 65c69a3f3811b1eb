"""The shipped termbase as package data: pyproject.toml maps this folder to the package
`dilmac.termbase.builtin`, so a checkout and an installed wheel read the same files through
importlib.resources (dilmac.termbase.model.builtin_dir). No code belongs here."""
