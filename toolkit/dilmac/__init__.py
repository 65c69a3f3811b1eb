"""dilmac: consistent official names across English, Azerbaijani and Turkish translations."""

__version__ = "0.1.0"

LANGUAGES = ("en", "az", "tr")
