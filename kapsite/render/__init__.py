"""The finished model as output: topic pages and the bibliography page as Markdown, claims.json,
the build report, and what every page carries (disclaimer, help box, review dates)."""
