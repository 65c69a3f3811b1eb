"""Gettext catalogs: segmenting publications into messages, the PO workflow on Babel and polib,
compiling MO files and exporting JSON for web frontends.

    segment   publication (Markdown, HTML, text) → one segment per block, with its source span
    extract   publications and site sources (Python, JavaScript, Jinja2) → POT template
    mapping   which extractor reads which file: pybabel's babel.cfg / [tool.dilmac.extract]
    merge     init a language's catalog from the template; update it, never losing a translation
    layout    DIR/<lang>/LC_MESSAGES/<domain>.po (pybabel's -d/-D)
    check     the checks of msgfmt -c, before compile and export-json write anything
    mofile    PO → MO, messages chosen as msgfmt chooses them
    build     source publication + catalog → translated publication, with its coverage
    stats     translated / fuzzy / untranslated messages and words per language
    export_json  PO → JSON for i18next, Jed and gettext.js
    io        PO/POT reading and atomic writing that keeps unchanged entries byte for byte
"""
