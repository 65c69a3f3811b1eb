"""The gettext directory layout `DIR/<lang>/LC_MESSAGES/<domain>.po`, as pybabel's `-d DIR
-D DOMAIN` and Python's `gettext.translation(domain, DIR)` use it."""

from __future__ import annotations

from pathlib import Path

from dilmac.core.errors import DilmacError

DEFAULT_DOMAIN = "messages"  # pybabel's


def catalog_path(directory: Path, lang: str, domain: str) -> Path:
    return directory / lang / "LC_MESSAGES" / f"{domain}.po"


def layout_catalogs(directory: Path, domain: str, langs: list[str] | None = None) -> list[tuple[str, Path]]:
    """(language, path) of the domain's catalogs under `directory`, in language order; only
    `langs` if given (whether their catalogs exist or not)."""
    if not directory.is_dir():
        raise DilmacError(
            "the directory does not exist",
            path=str(directory),
            hint="give the folder that holds <lang>/LC_MESSAGES/<domain>.po (-d), e.g. locales",
        )
    if langs:
        return [(lang, catalog_path(directory, lang, domain)) for lang in dict.fromkeys(langs)]
    return [
        (child.name, catalog_path(directory, child.name, domain))
        for child in sorted(directory.iterdir())
        if child.is_dir() and not child.name.startswith(".") and catalog_path(directory, child.name, domain).is_file()
    ]
