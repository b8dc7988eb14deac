"""Questions a profile cannot answer by their nature, whatever it holds: a judgement of the
researcher ("is she a good researcher?") or an activity no publication record keeps (what she
reviews, edits or cites, the events she attends, her awards, grants, students and degrees,
when she was born). They are refused with the reason. Teaching or mentoring are not among
them: papers can be about them, so they are searched."""

from __future__ import annotations

import re

_JUDGEMENT = re.compile(
    r"\b(?:is|are|was|were) (?:she|he|they|(?:her|his|their) (?:work|research|papers?))\b"
    r"[^?]{0,24}\b(?:good|great|bad|talented|brilliant|smart|excellent|impressive|any good)\b"
    r"|\bhow good\b|\bshould (?:we|i|you) (?:hire|fund|promote|trust)\b"
    r"|\bworth (?:hiring|funding|promoting)\b"
    r"|\ba (?:good|great|strong|weak|bad) (?:researcher|scientist|candidate|hire|fit)\b"
)
NO_JUDGEMENT = (
    "The profile states what was published, where, when and how often it was cited; it does "
    "not judge how good the researcher or the work is."
)
_ACTIVITIES = {
    "what the researcher reviews or edits": r"\breview(?:s|ed|ing)? for\b|\b(?:peer )?reviewer"
    r"|\beditor(?:s|ship)?\b|\beditorial\b|\b(?:she|he|they) (?:edit|edits|edited|referee\w*)\b",
    "what the researcher cites or reads": r"\b(?:she|he|they) (?:cite|cites|read|reads)\b"
    r"|\b(?:did|does|do) (?:she|he|they) (?:cite|read)\b",
    "the events the researcher attends or organises": r"\b(?:she|he|they) (?:attend\w*"
    r"|organi[sz]\w*)\b",
    "journals' impact factors": r"\bimpact factors?\b",
    "personal details such as a birth date": r"\b(?:was|were) (?:\w+ ){1,3}born\b|\bbirth"
    r"(?:day|date|place|year)\b|\bwhen did (?:\w+ ){1,3}die\b|\bhow old (?:is|was|are|were) "
    r"(?:she|he|they)\b|\b(?:her|his|their) (?:age|nationality|salary|home address|phone number)"
    r"\b|\bsalary\b|\be-?mail address",
    "awards, prizes or honours": r"\bawards?\b|\bawarded\b|\bprizes?\b|\bhonou?rs\b"
    r"|\bfellowships?\b",
    "grants or funding": r"\bgrants?\b|\bfunding\b|\bfunded\b|\bfunders?\b",
    "the students the researcher supervises": r"\bstudents?\b.*\bsupervis\w*|\bsupervis\w*\b.*"
    r"\bstudents?\b|\bhow many (?:phd |doctoral |graduate )?students\b",
    "degrees or education": r"\b(?:her|his|their) (?:education|degrees?|phd|doctorate|alma mater)"
    r"\b|\bwhere did (?:she|he|they) (?:study|graduate)\b",
}
_UNRECORDED = {what: re.compile(pattern) for what, pattern in _ACTIVITIES.items()}


def asks_for_judgement(text: str) -> bool:
    """The question asks how good the researcher or the work is ("is she a good researcher?",
    "should we hire him?"): the profile states what was published, and judges nothing."""
    return _JUDGEMENT.search(text) is not None


def unrecorded_activity(text: str) -> str | None:
    """Why a profile cannot answer ``text`` (normalised) whatever it lists: the refusal's text
    when the question asks of an activity no publication record keeps, else None."""
    for what, pattern in _UNRECORDED.items():
        if pattern.search(text):
            return (
                "The profile lists the researcher's publications with their venues, years, "
                f"authors and citations; it does not record {what}."
            )
    return None
