"""Gettext catalogs: segmenting publications into messages, the PO workflow on Babel and polib,
compiling MO files and exporting JSON for web frontends."""
