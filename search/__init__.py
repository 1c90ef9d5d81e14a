"""Site search: one index of documents, full-text searched with Swedish and English stemming.

- registry: apps describe their documents in ``<app>/search_documents.py``;
- index: writes the index (signals.py keeps it current; ``rebuild_search_index`` rebuilds);
- query: parses, finds, ranks, highlights and suggests;
- text: words, stems and highlighting shared by both database backends.
"""
