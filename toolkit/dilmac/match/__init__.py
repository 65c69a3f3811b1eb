"""Finding terms in text: the compiled term index (and its disk cache), the matcher, the
suggestions written like the found form, and concept lookup."""
