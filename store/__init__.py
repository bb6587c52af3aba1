"""kechuang's data library: reading documents, splitting articles, extraction, the SQLite store, search.

Nothing in this package draws on a screen: the CLI and the Textual app in ``tui`` use it.
"""

__version__ = "0.1.0"
