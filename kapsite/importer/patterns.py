"""The text patterns the cleaning rules look for, kept apart so the rule table stays readable."""

from __future__ import annotations

import re
import unicodedata

_I = re.IGNORECASE

LISTEN_PROMPT = re.compile(
    r"^\W*(prefer to listen|listen to (this|the) (article|post|story|episode)|"
    r"audio version of this|this (article|post) is (also )?available as (audio|a podcast)|"
    r"press play to listen)",
    _I,
)
STOCK_SITES = r"(unsplash|pexels|pixabay|shutterstock|getty ?images|istock(photo)?|adobe stock|freepik|canva|depositphotos|dreamstime)"
PHOTO_CREDIT = re.compile(
    rf"^\W*((header |cover |featured )?(photo|image|picture|illustration)s?\s*(by|credits?|courtesy of|via|source)\b|©|\(c\) )"
    # "iStock (2)", "Getty Images 3": a stock site's name with the photo's number after it.
    rf"|^.{{0,120}}\b{STOCK_SITES}\W*(?:\d{{1,3}}\W*)?$",
    _I,
)
ALT_TEXT = re.compile(
    r"^\[?\s*(image|photo|picture|img|alt(-| )?text|illustration)\s*[:\-–—]\s*\S.*$"
    r"|^\[(image|photo|picture)[^\]]*\]$|^!\[[^\]]*\]\([^)]*\)$",
    _I,
)
PHONE = re.compile(
    r"(?<![\d.])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?![\d.])"
    r"|(?<!\d)\+?\d{2}[\s.-]?\(?0?\)?\d{2,4}[\s.-]\d{3,4}[\s.-]\d{3,4}(?!\d)"
)
CTA_VERB = re.compile(
    r"\b(call|contact|reach out|text|phone|speak (to|with)|talk to|book|schedule|get in touch|dial|enquire|inquire)\b",
    _I,
)
CTA_PHRASE = re.compile(
    r"\b(contact|call|email|message) (me|us|our team|our office)\b.*\b(today|now|to learn more|for more information|to schedule|to book)\b"
    r"|\b(book|schedule|request) (a|an|your) (free |complimentary )?(consultation|appointment|call|session|assessment)\b"
    r"|\bget started today\b",
    _I,
)
# Crisis lines are help, not marketing: a line naming one is never removed as a call to action.
CRISIS = re.compile(
    r"\b(988|741741|911|999|112|116 ?123|crisis|suicid\w*|lifeline|samaritans|emergency|hotline|helpline)\b",
    _I,
)
SHARE_PROMPT = re.compile(
    r"^\W*(share (this|on|via|with)\b|click to (share|tweet)|tweet this|pin (it|this)\b|"
    r"follow (us|me) on|like us on|subscribe to (our|my) (newsletter|blog|channel|podcast)|"
    r"sign up for (our|my) newsletter|don'?t forget to share|please share|"
    r"if you (found|find|enjoyed|liked) this\b.*\b(share|pass it on|subscribe))"
    r"|^\W*((facebook|twitter|x|linkedin|pinterest|email|whatsapp|reddit|copy link|print)\W*){2,}$",
    _I,
)
THANK_YOU = re.compile(
    r"^\W*(thank(s| you)( so much)?( all)? for (reading|your time|stopping by|visiting|tuning in))",
    _I,
)
AUTHOR_HEADING = re.compile(r"^\W*(about the author|about me|author bio|meet the author)\W*$", _I)
WRITTEN_BY = re.compile(r"^\W*(written|posted|published|reviewed) by\s+[A-Z][\w.'’-]+", _I)
BIO_SUBJECT = re.compile(
    r"^(Dr\.?\s+)?[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}\s+(is|was|has|writes|works|holds|lives|loves)\b"
)
BIO_WORDS = re.compile(
    r"\b(blog|blogger|writer|author|founder|co-founder|editor|journalist|influencer|mom|mother of|"
    r"father of|storyteller|contributor|freelance|passionate about|years of experience|lives in|"
    r"holds a|degree in|creative mind)\b",
    _I,
)
CLOSING_DISCLAIMER = re.compile(
    r"(for informational (and educational )?purposes only|not intended (to provide|as|to be a substitute for|to replace) "
    r"(medical )?(advice|professional)|not a substitute for (professional )?medical advice|"
    r"does not (constitute|provide) medical advice)",
    _I,
)
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
BULLET = re.compile(r"^(?:[-*+]|[•◦▪▫●○■□►▸▹▶→➤➢·])\s*(?=\S)")
NUMBERED = re.compile(r"^(\d{1,2})[.)]\s+(?=\S)")
KEYCAP = re.compile(r"^\d\ufe0f?\u20e3\s*")
FAQ_HEADING = re.compile(
    r"^\W*(faq|faqs|faq['’]s|frequently asked questions|common questions|questions and answers|q ?& ?a)\W*$",
    _I,
)
REFERENCE_HEADING = re.compile(
    r"^\W*(references?|citations?|sources?|bibliography|works cited|reference list|"
    r"literature( cited)?|studies cited)\s*:?\s*$",
    _I,
)
QUESTION_PREFIX = re.compile(r"^(q\s*[:.)]|question\s*\d*\s*[:.)]|\d{1,2}[.)])\s*", _I)
ANSWER_PREFIX = re.compile(r"^(a\s*[:.)]|answer\s*[:.)])\s*", _I)
SENTENCE_END = re.compile(r"[.!;:,…]['\"”’)]*$")
# A sentence ends: with its stop, a closing quote or bracket, or a citation after the stop.
COMPLETE = re.compile(r"[.!?…:;]['\"”’)\]*]*$|\)$|\]$")
INTERNAL_STOP = re.compile(r"[.!?]['\"”’)]*\s+[A-Z]")
BOLD_TERM = re.compile(r"^\*\*([^*]*[^*\s.:;,!?])\*\*\s+(?=[A-Z0-9\"'“])")
# A last line this short that reads like a heading is one left with nothing under it.
SHORT_HEADING_WORDS = 4
CONNECTIVE = re.compile(
    r"^(however|but|and|also|although|because|so|yet|still|moreover|furthermore|additionally"
    r"|in addition|for example|for instance|instead|otherwise|meanwhile),",
    re.IGNORECASE,
)
YEAR_MENTION = re.compile(r"\(\s*[^()]*\b(1[89]|20)\d\d[a-z]?\s*\)")

EMOJI_JOINERS = "\ufe0f\ufe0e\u200d\u20e3"
BULLET_SYMBOLS = "•◦▪▫●○■□►▸▹▶→➤➢✓✔☑✗✘★☆·"


def is_symbol(char: str) -> bool:
    """An emoji, a dingbat or a bullet: a decoration, never a word of the claim."""
    return (
        char in BULLET_SYMBOLS
        or char in EMOJI_JOINERS
        or unicodedata.category(char) in ("So", "Sk")
        or 0x1F000 <= ord(char) <= 0x1FAFF
    )


def split_symbols(text: str) -> tuple[str, str]:
    """``text`` split into its leading decoration (emoji, bullets, spaces) and the rest."""
    keycap = KEYCAP.match(text)
    start = keycap.end() if keycap else 0
    index = start
    while index < len(text) and (text[index].isspace() or is_symbol(text[index])):
        index += 1
    return text[:index], text[index:]


def strip_trailing_symbols(text: str) -> str:
    end = len(text)
    while end > 0 and (text[end - 1].isspace() or is_symbol(text[end - 1])):
        end -= 1
    return text[:end]


def normalised(text: str) -> str:
    """Text compared for repeats: case, spacing and trailing punctuation ignored."""
    return re.sub(r"\s+", " ", text).strip(" .!?:").casefold()


CONTINUES = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on", "or"}
    | {"than", "that", "the", "to", "was", "were", "with"}
)


def ends_mid_sentence(text: str) -> bool:
    """'...wrapped by the': a line cut by a hard wrap, not a heading."""
    words = text.split()
    return bool(words) and words[-1].casefold() in CONTINUES


def is_cut_off(text: str, last: bool = False) -> bool:
    """A paragraph's last sentence that stops short: no stop at the end, and it reads as prose
    (a sentence before it in the line, a connective opening, or too long for a heading); the
    article's very last line needs only to be missing its stop, and to be more than a heading."""
    words = text.split()
    if COMPLETE.search(text) or len(words) < 3:
        return False
    if last and len(words) > SHORT_HEADING_WORDS:
        return True
    return bool(
        INTERNAL_STOP.search(NUMBERED.sub("", text)) or CONNECTIVE.match(text)
    ) or not looks_like_heading(text)


def looks_like_heading(text: str) -> bool:
    """A short line that does not end like a sentence: a heading, if body text follows it."""
    words = text.split()
    return (
        not ends_mid_sentence(text)
        and not CONNECTIVE.match(text)
        and not INTERNAL_STOP.search(NUMBERED.sub("", text))
        and 0 < len(words) <= 16
        and len(text) <= 120
        and (text[0].isupper() or text[0].isdigit())
        and not SENTENCE_END.search(text)
        and not YEAR_MENTION.search(text)
        and any(c.isalpha() for c in text)
    )
