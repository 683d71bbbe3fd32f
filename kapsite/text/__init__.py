"""Text as contributors write it: where code is, citations, figures, author-year mentions, DOIs,
escaping. Plain functions over strings, used by every stage and check."""
