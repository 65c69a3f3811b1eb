"""Machine drafts for gettext catalogs: MarianMT (opus-mt) translations that use the termbase's
names, written fuzzy for review.

models.py picks and finds the model of a language pair; engine.py runs it (CTranslate2 or
transformers); masking.py protects placeholders, tags and names the model must not touch;
terms.py makes drafts use the termbase's renderings; memory.py reuses earlier translations;
drafts.py fills a catalog, checkpointed, never touching human work.

Nothing here is imported by `dilmac lint`. transformers, ctranslate2, sentencepiece and torch
(the optional `mt` extra) are imported only when a model is loaded.
"""

MARKER = "dilmac-mt"  # starts every comment line the drafts get
