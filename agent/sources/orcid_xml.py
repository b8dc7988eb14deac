"""ORCID v3.0 XML (what pub.orcid.org serves by default) read into the shape of its JSON form,
so one parser reads both: elements by local name, leaf text as ``{"value": text}``,
attributes (``put-code``, ``path``) as keys, and the elements JSON writes as arrays as lists."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from agent.sources.base import ParseError

ORCID_NAMESPACE = "http://www.orcid.org/ns/"
_LISTS = frozenset(
    {
        "group",
        "work-summary",
        "external-id",
        "contributor",
        "affiliation-group",
        "other-name",
        "keyword",
        "researcher-url",
        "email",
        "address",
    }
)
"""Elements the JSON form always writes as arrays, however many there are."""
_ROOT = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<[\w-]+:[\w-]+\b[^>]*", re.DOTALL)


def looks_like_orcid_xml(head: str) -> bool:
    """An XML document whose root element is in an ORCID namespace."""
    root = _ROOT.match(head)
    return root is not None and ORCID_NAMESPACE in root.group(0)


def read_orcid_xml(text: str, hint: str) -> dict[str, Any]:
    """The document as its JSON form would have it."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        line, column = err.position
        raise ParseError(f"invalid XML at line {line} column {column}", hint) from err
    if not root.tag.startswith("{" + ORCID_NAMESPACE):
        raise ParseError(f"expected an ORCID document, not <{_local(root.tag)}>", hint)
    node = _node(root)
    return node if isinstance(node, dict) else {}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _node(element: ET.Element) -> dict[str, Any]:
    out: dict[str, Any] = {_local(key): value for key, value in element.attrib.items()}
    children = list(element)
    if not children:
        return {**out, "value": (element.text or "").strip()}
    for child in children:
        key = _local(child.tag)
        if key in _LISTS:
            out.setdefault(key, []).append(_node(child))
        elif key not in out:
            out[key] = _node(child)
    return out
