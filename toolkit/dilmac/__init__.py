"""dilmac: consistent official names across English, Azerbaijani and Turkish translations."""

# The one place of the version: pyproject.toml reads it from here (dynamic), so the installed
# metadata, which `dilmac --version` reports, says the same; the caches key their entries with it.
__version__ = "0.1.0"

LANGUAGES = ("en", "az", "tr")
