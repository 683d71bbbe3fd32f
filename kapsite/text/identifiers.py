"""Identifiers written in references: the one DOI pattern (a quote can never be part of one, so a
DOI can never leave an HTML attribute)."""

from __future__ import annotations

import re

DOI_BODY = r"10\.\d{4,9}/[^\s\"'<>]+"
DOI = re.compile(rf"\b({DOI_BODY})")  # a DOI anywhere in text
# A whole field that is a DOI, bare or as a doi.org address or "doi:" name.
DOI_FIELD = re.compile(rf"^(?:https?://(?:dx\.)?doi\.org/|doi:)?({DOI_BODY})$", re.IGNORECASE)
