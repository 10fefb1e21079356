"""The headless core: the format, the loader, search and the brief exporter.

Nothing under this package may import Textual; a test checks it.
"""
