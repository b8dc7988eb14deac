"""A second router: the profile tools offered to the LLM as OpenAI function calls.

Asked only where the pattern router found no aggregate (a plain search, not a follow-up), so
the patterns stay in charge of what they recognise and the model catches aggregates phrased in
ways they miss ("what volume of output ..." -> count_papers). A call is used only when its name
is known and its arguments fit the tool's schema; anything else keeps the pattern route. An
endpoint that rejects ``tools`` or replies without a tool call is remembered per LLM and not
asked again; any other endpoint failure raises its EndpointError as every LLM call does. The
embedded llama.cpp server is not asked (it ignores tools): there the patterns route alone.
"""

from __future__ import annotations

import json
import weakref
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from agent.errors import EndpointError
from agent.llm.prompting import render_prompt
from agent.models import Profile
from agent.qa.route import Route
from agent.qa.tools import CATEGORY_NAMES, METRIC_PHRASES, TOOLS, PaperFilter

if TYPE_CHECKING:
    from agent.protocols import ChatModel

SEARCH_TOOL = "search_abstracts"
REFUSE_TOOL = "cannot_answer"
_MAX_TOKENS = 96  # a call with every filter set is ~50 tokens; bounds a model that rambles
_TOP_MAX = 50
_NO_TOOLS: weakref.WeakSet[Any] = weakref.WeakSet()


class ToolCall(BaseModel):
    """The function the model called and its arguments, as sent."""

    name: str
    arguments: dict[str, Any]


def llm_route(question: str, profile: Profile, llm: ChatModel, pattern: Route) -> Route:
    """The LLM's validated tool call as a Route where it may override ``pattern``; else
    ``pattern``. Raises EndpointError for endpoint failures other than rejected tools."""
    if not wants_llm(pattern) or not tools_supported(llm):
        return pattern
    call = request_tool_call(llm, question, profile)
    return (call and to_route(call, pattern)) or pattern


def wants_llm(pattern: Route) -> bool:
    """Only a plain search with no aggregate word is open to the LLM's choice."""
    return pattern.kind == "search" and not pattern.followup and pattern.intent is None


def tools_supported(llm: ChatModel) -> bool:
    """False once this LLM's endpoint rejected tools, for an LLM that cannot take requests, and
    for the embedded server: llama-cpp-python answers SmolLM2's chat template in text whatever
    tools it is offered (measured), so asking would only cost a generation per command."""
    if getattr(llm, "embedded", False) or not callable(getattr(llm, "request", None)):
        return False
    return llm not in _NO_TOOLS


def request_tool_call(llm: ChatModel, question: str, profile: Profile) -> ToolCall | None:
    """One chat request offering every tool (tool_choice auto); None when no call came back."""
    messages = [
        {"role": "system", "content": _system_prompt(profile)},
        {"role": "user", "content": question},
    ]
    try:
        response = llm.request(
            messages=messages,
            tools=tool_specs(),
            tool_choice="auto",
            temperature=0.0,
            max_tokens=_MAX_TOKENS,
        )
    except EndpointError as err:
        if not rejects_tools(err):
            raise
        _NO_TOOLS.add(llm)
        return None
    return _first_call(llm, response)


def rejects_tools(err: EndpointError) -> bool:
    """An HTTP 400/422/500/501 whose message is about tools: the endpoint cannot take them."""
    return err.status in (400, 422, 500, 501) and "tool" in err.server_message.casefold()


def _first_call(llm: ChatModel, response: Any) -> ToolCall | None:
    calls = _tool_calls(response)
    if not calls:
        _NO_TOOLS.add(llm)  # a text reply to a request that offered cannot_answer: tools ignored
        return None
    function = calls[0].function
    try:
        arguments = json.loads(function.arguments or "{}")
    except (TypeError, json.JSONDecodeError):
        return None
    if not isinstance(arguments, dict) or not isinstance(function.name, str):
        return None
    return ToolCall(name=function.name, arguments=arguments)


def _tool_calls(response: Any) -> list[Any]:
    try:
        return list(response.choices[0].message.tool_calls or [])
    except (AttributeError, IndexError, TypeError):
        return []


def _system_prompt(profile: Profile) -> str:
    return render_prompt("route_tools", person=profile.name, papers=len(profile.papers))


def to_route(call: ToolCall, pattern: Route) -> Route | None:
    """The Route a valid call stands for (marked router='llm'); None for an invalid call.

    The call's filter arguments override the pattern's filter field by field. search_abstracts
    and cannot_answer keep the pattern's search: retrieval and the verifier decide whether the
    profile answers, never the model alone.
    """
    llm_mark = {"router": "llm", "reason": f"llm tool call {call.name}"}
    if call.name == SEARCH_TOOL and isinstance(call.arguments.get("query"), str):
        return pattern.model_copy(update=llm_mark)
    if call.name == REFUSE_TOOL and not call.arguments:
        return pattern.model_copy(update=llm_mark)
    if call.name not in TOOLS:
        return None
    parsed = _tool_arguments(call, pattern.filter)
    if parsed is None:
        return None
    flt, options = parsed
    return Route(kind="tool", tool=call.name, filter=flt, options=options, **llm_mark)


def _tool_arguments(call: ToolCall, base: PaperFilter) -> tuple[PaperFilter, dict[str, Any]] | None:
    """(filter, options) from a call's arguments; None when any argument does not fit."""
    args = dict(call.arguments)
    if call.name == "metrics":
        names = args.pop("names", None)
        ok = not args and (names is None or _subset(names, METRIC_PHRASES))
        return (base, {"names": names or None}) if ok else None
    options = {}
    if call.name == "coauthors" and "top" in args:
        top = args.pop("top")
        if not (isinstance(top, int) and 1 <= top <= _TOP_MAX):
            return None
        options["top"] = top
    flt = _filter(args, base)
    return None if flt is None else (flt, options)


def _filter(args: dict[str, Any], base: PaperFilter) -> PaperFilter | None:
    if not set(args) <= set(_filter_properties()):
        return None
    if "categories" in args and not _subset(args["categories"], CATEGORY_NAMES):
        return None
    try:
        return PaperFilter.model_validate({**base.model_dump(exclude_defaults=True), **args})
    except ValidationError:
        return None


def _subset(values: Any, allowed: Any) -> bool:
    return isinstance(values, list) and all(isinstance(v, str) and v in allowed for v in values)


def tool_specs() -> list[dict[str, Any]]:
    """OpenAI function specs: every tool in TOOLS (with the PaperFilter parameters), plus
    search_abstracts(query) and cannot_answer()."""
    specs = [_spec(name, desc, _parameters(name)) for name, (_, desc) in TOOLS.items()]
    query = {"query": {"type": "string", "description": "What to look for in the abstracts."}}
    specs.append(
        _spec(
            SEARCH_TOOL,
            "Search the paper abstracts: what a paper or method says, proposes or finds.",
            _object(query, required=["query"]),
        )
    )
    specs.append(_spec(REFUSE_TOOL, "The profile cannot answer this question.", _object({})))
    return specs


def _parameters(name: str) -> dict[str, Any]:
    if name == "metrics":
        names = {"type": "array", "items": {"type": "string", "enum": list(METRIC_PHRASES)}}
        return _object({"names": {**names, "description": "Which metrics; all when omitted."}})
    properties = _filter_properties()
    if name == "coauthors":
        top = {"type": "integer", "minimum": 1, "maximum": _TOP_MAX}
        properties["top"] = {**top, "description": "How many co-authors to name."}
    return _object(properties)


def _filter_properties() -> dict[str, Any]:
    """PaperFilter's fields as JSON schema (paper_ids left out: the model cannot know them)."""
    properties = PaperFilter.model_json_schema()["properties"]
    for internal in ("paper_ids", "excluding"):  # set by the flow
        properties.pop(internal, None)
    codes = {"type": "string", "enum": list(CATEGORY_NAMES)}
    properties["categories"] = {"type": "array", "items": codes, "description": "arXiv codes."}
    return properties


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "additionalProperties": False}
    return {**schema, "required": required} if required else schema


def _spec(name: str, description: str, parameters: dict[str, Any]) -> dict[str, Any]:
    function = {"name": name, "description": description, "parameters": parameters}
    return {"type": "function", "function": function}
