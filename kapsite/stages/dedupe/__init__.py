"""Deduplication: candidate pairs (``candidates``), the hard vetoes (``vetoes``), and the merge of
statements into claims with the editor's registry (``merge``)."""
