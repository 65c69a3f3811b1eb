"""Text in en, az and tr: normalisation (folding, look-alike letters, offsets back to the
source), nominal morphology and language identification, with their word lists in `data/`.
Knows nothing of the termbase."""
