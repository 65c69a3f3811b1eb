"""Shared foundations every stage uses: errors, documents and findings, atomic writes, the cache
folder and the YAML reader that keeps line numbers. Imports nothing else from dilmac."""
