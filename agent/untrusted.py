"""Profile text is data, never instructions: spot sentences aimed at an assistant, wrap the rest.

Abstracts describe research in the third person or as "we"; a sentence that gives orders, speaks
to "you", or asks the reader for something is treated as a planted instruction and is never
selected as evidence or shown to a model as anything but quoted data.
"""

from __future__ import annotations

import re

from agent.text import URL

_VERBS = """act add alter answer append apply augment avoid change classify click compose convert
    create decode describe determine disregard do don't encode encrypt enhance explain express
    forget generate give help ignore imagine include insert integrate list make mention modify
    output pretend print promote provide recommend remember render reply replace respond return
    reverse rewrite say send share shift show start stop suggest summarize summarise switch tell
    translate transfer use visit write analyze analyse please always never focus praise
    obey claim collect download buy contact"""
_IMPERATIVE_VERBS = frozenset(_VERBS.split())
_SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)
_FIRST_SINGULAR = re.compile(r"\b(?:my|me|mine)\b", re.IGNORECASE)
_PRONOUN_I = re.compile(r"(?:^|[\s\"'(])I(?:'m|'ve|'d)?(?![\w/(.-])")
_ASSISTANT = re.compile(
    r"\b(?:assistant|chatbot|ai model|language model)\b.*\b(?:must|should|"
    r"will|now)\b|\b(?:instructions?|prompt)\b.*\b(?:ignore|previous|above)\b"
    r"|\b(?:to|for|with) the user\b",
    re.IGNORECASE,
)
_VISIT = re.compile(
    r"\b(?:visit|click|go to|open|check out|follow)\b[^.]{0,60}(?:https?://|www\.|\blink\b)",
    re.IGNORECASE,
)
_VERDICT = re.compile(
    r"\b(?:interview|hire|hiring|shortlist)\w*\s+(?:is\s+|are\s+)?(?:highly\s+|strongly\s+)?"
    r"(?:recommended|advised)\b|\b(?:recommend|advise)\w*\s+(?:to\s+|for\s+)?(?:an?\s+)?"
    r"(?:interview|hire|hiring|shortlist)\w*|\b(?:must|should)\s+(?:be\s+)?(?:hired|interviewed|"
    r"shortlisted)\b|\b(?:strong|strongest|ideal|best|top|perfect|outstanding|exceptional)\s+(?:candidate|hire)\b",
    re.IGNORECASE,
)
_CLAUSE = re.compile(r"\s*(?:[;:]|\s[—–-]\s|\.\.\.|…|[\"“”])\s*")


def first_word(sentence: str) -> str:
    """The sentence's first word, lower-cased, without leading quotes or brackets."""
    match = re.match(r"[\s\"'“‘(\[]*([A-Za-z']+)", sentence)
    return match.group(1).lower() if match else ""


def looks_like_instruction(sentence: str) -> bool:
    """True for imperatives (at the start of any clause), second-person or first-person-singular
    requests, orders to an AI, markup or role turns ("System:"), requests to visit a link, and
    verdicts on a candidate ("Interview highly recommended")."""
    from agent.text import starts_planted

    text = sentence.strip()
    if not text:
        return False
    if starts_planted(text) or _VISIT.search(text) or _VERDICT.search(text):
        return True
    if any(first_word(clause) in _IMPERATIVE_VERBS for clause in _CLAUSE.split(text)):
        return True
    if _SECOND_PERSON.search(text) or _ASSISTANT.search(text):
        return True
    if _FIRST_SINGULAR.search(text):
        return True
    return _PRONOUN_I.search(text) is not None and bool(  # most sentences hold no 'I' at all
        _PRONOUN_I.search(_without_roman_numerals(text))
    )


def _without_roman_numerals(text: str) -> str:
    """'Type I error', 'Phase I' and '(I)' list labels are not the first person."""
    return re.sub(
        r"\b(?:type|phase|part|case|class|stage|step|theorem|table)\s+I\b|\(I\)",
        " ",
        text,
        flags=re.IGNORECASE,
    )


_ORDER = re.compile(
    r"\b(?:ignore|disregard|forget)\b[^.]{0,40}\b(?:instructions?|above|previous|prompt|rules)\b"
    r"|\b(?:say|state|write|answer|respond|reply)\b[^.]{0,30}\b(?:in (?:french|spanish|german|"
    r"chinese|italian|english)|that (?:the|this|she|he|they))\b|\bcite paper\b",
    re.IGNORECASE,
)


def planted_title(title: str) -> bool:
    """A title that gives orders to a model, holds markup, a link or a role turn, or judges a
    candidate: never written as prose. (Imperative titles are common and allowed: "Reply to
    ...", "Open access: sharing your data is easier than you think".)"""
    from agent.text import starts_planted

    return bool(
        starts_planted(title)
        or re.search(r"<[^<>]+>|\]\(|https?://|www\.|\b(?:System|SYSTEM|Assistant|User):", title)
        or _ORDER.search(title)
        or _ASSISTANT.search(title)
        or _VERDICT.search(title)
    )


def is_question(sentence: str) -> bool:
    """A sentence that asks rather than states (weak evidence for any answer)."""
    return sentence.rstrip(" \"'”’)").endswith("?")


def foreign_urls(sentence: str, allowed: set[str]) -> list[str]:
    """URLs in ``sentence`` that are not among ``allowed`` (e.g. the profile's code URLs)."""
    return [u for u in URL.findall(sentence) if u.rstrip(".,;:") not in allowed]


def wrap_untrusted(label: str, text: str) -> str:
    """Quote profile text for a prompt: fenced, labelled as data, closing tags neutralised."""
    clean = text.replace("</data>", "</ data>").replace("<data", "< data")
    return f'<data source="{label}" trust="untrusted">\n{clean}\n</data>'


_QUOTE = re.compile(r"(?<!\w)['‘]|['’](?!\w)|[\"“”]")


_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "is",
        "are",
        "we",
        "for",
        "with",
        "that",
        "this",
        "on",
        "by",
        "from",
        "as",
        "be",
        "an",
    ]
)
_OTHER = frozenset(
    [
        "les",
        "des",
        "une",
        "est",
        "avec",
        "pour",
        "dans",
        "sur",
        "pas",
        "qui",
        "que",
        "et",
        "la",
        "le",
        "du",
        "au",
        "der",
        "die",
        "das",
        "und",
        "ist",
        "nicht",
        "mit",
        "ein",
        "eine",
        "für",
        "auf",
        "los",
        "las",
        "el",
        "por",
        "para",
        "con",
        "una",
        "del",
        "che",
        "della",
        "sono",
        "il",
        "di",
        "non",
        "não",
        "uma",
        "com",
        "é",
        "os",
    ]
)


def other_language(sentence: str) -> bool:
    """True when the sentence's function words are another language's, not English ones."""
    tokens = re.findall(r"[^\W\d_]+", sentence.casefold())
    other = sum(t in _OTHER for t in tokens)
    return other >= 2 and other > sum(t in _ENGLISH for t in tokens)


def flag_instructions(text: str, sentences: list[str]) -> list[bool]:
    """``looks_like_instruction`` for each sentence of ``text``, extended to the rest of a
    quotation that a flagged sentence opens (a planted request that quotes a review, say);
    in an English text, a sentence in another language is flagged too (planted, translated)."""
    foreign = [other_language(s) for s in sentences]
    english = foreign.count(False) > len(sentences) / 2
    flags = [
        looks_like_instruction(s) or (english and f)
        for s, f in zip(sentences, foreign, strict=True)
    ]
    spans = _sentence_spans(text, sentences)
    for i, (start, end) in enumerate(spans):
        if not flags[i] or start < 0:
            continue
        if len(_QUOTE.findall(text[start:end])) % 2 == 1 and _opens_quote(text[start:end]):
            close = _QUOTE.search(text, end)
            limit = close.start() if close else len(text)
            for j in range(i + 1, len(spans)):
                flags[j] = flags[j] or 0 <= spans[j][0] < limit
    return flags


def _opens_quote(sentence: str) -> bool:
    """True when the sentence's last quote mark opens a quotation: “, or a straight quote at the
    start or after a space, ':', '(' or ','."""
    last = list(_QUOTE.finditer(sentence))[-1]
    before = sentence[last.start() - 1] if last.start() else " "
    return last.group(0) in "“‘" or before in " :(,"


def _sentence_spans(text: str, sentences: list[str]) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for sentence in sentences:
        start = text.find(sentence, cursor)
        spans.append((start, start + len(sentence)) if start >= 0 else (-1, -1))
        cursor = start + len(sentence) if start >= 0 else cursor
    return spans
