"""Author-year mentions in prose, one set of patterns for the build and the importer:
"(Krystal et al., 2019)", "(Wilkinson & Sanacora, 2018)", "Krystal et al. (2019)".

The build reads only the forms that name a team ("et al.", "&", "and") or the parenthetical
"(Name, 2020)", so "Johns Hopkins University (2020)" is prose, not a broken citation; the
importer also links "Name (2020)" (``single_name=True``) and flags what it could not match.
"""

from __future__ import annotations

import re

FAMILY = r"(?:(?:van|von|de|der|da|di|del|la|le)\s)*[A-Z][\w'’-]+"
YEAR = r"(?:19|20)\d\d[a-z]?"
TEAM = rf"\s+et\s+al\.|\s+(?:&|and)\s+{FAMILY}"
# One mention inside parentheses: "Krystal et al., 2019", "Wilkinson & Sanacora 2018".
ITEM = re.compile(rf"^\s*(?P<family>{FAMILY})(?P<more>{TEAM})?,?\s+(?P<year>{YEAR})\s*$")
# Parentheses that end in a year, holding one or more items separated by ';'.
PARENTHESES = re.compile(rf"\s?\(([^()]*?{YEAR})\)")


def narrative(single_name: bool = False) -> re.Pattern[str]:
    """ "Krystal et al. (2019)"; with ``single_name``, also "Krystal (2019)"."""
    team = f"(?P<more>{TEAM})" + ("?" if single_name else "")
    return re.compile(rf"\b(?P<family>{FAMILY}){team}\s+\((?P<year>{YEAR})\)")
