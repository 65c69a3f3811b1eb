"""The translators' desk (`dilmac serve`): a local web page to check and fix a draft, look up
names and read a catalog's findings message by message. The web stack (Starlette, Jinja2,
python-multipart, uvicorn) is the `web` extra and is imported only by `dilmac serve`.

    desk     drafts, checking, fixing and looking up, without the web
    app      the Starlette application: pages, forms, downloads, the interface language
    server   runs the application (uvicorn) over a temporary folder
"""
