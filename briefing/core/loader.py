"""Load a briefing file: strict, with the exact position of every problem, and bounded.

``load_briefing`` either returns a valid ``Briefing`` or raises ``BriefingInvalid``
carrying every problem found, each as ``FILE:LINE:COL: what is wrong (how to fix it)``.
"""

from __future__ import annotations

import codecs
import heapq
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO, Literal, get_args, get_type_hints

from pydantic_core import ErrorDetails

from briefing.core import checks, rules, validation
from briefing.core.crossrefs import References
from briefing.core.findings import KIND_OF_LIST, MAX_PROBLEMS, Later, Suggester
from briefing.core.model import ActorKind, Briefing
from briefing.core.problems import BriefingInvalid, BriefingUnreadable, Problem
from briefing.core.text import short
from briefing.core.yamlchars import find_bad_characters
from briefing.core.yamlplain import read_plain
from briefing.core.yamltree import Finding, Position, Tree, read_tree
from briefing.core.yamltree import Path as TreePath

MAX_BYTES = 16 * 1024 * 1024
"""Far above any hand-written briefing; refused before parsing."""


def load_briefing(path: str | Path) -> Briefing:
    """Read and validate one briefing file; raises ``BriefingInvalid`` with every error.

    Warnings are not worked out: the reader and ``export`` do not show them.
    """
    return _load(_read(path), str(path), warn=False)[0]


def check_briefing(path: str | Path) -> tuple[Briefing, list[Problem]]:
    """``load_briefing``, and the file's warnings, sorted by position."""
    return _load(_read(path), str(path), warn=True)


def load_bytes(raw: bytes, name: str = "<briefing>") -> Briefing:
    """Validate a briefing from the bytes of its file."""
    return _load(raw, name, warn=False)[0]


def check_bytes(raw: bytes, name: str = "<briefing>") -> tuple[Briefing, list[Problem]]:
    """``load_bytes``, and the warnings, sorted by position."""
    return _load(raw, name, warn=True)


def _read(path: str | Path) -> bytes:
    """The file's bytes, at most one more than ``MAX_BYTES``; raises BriefingUnreadable."""
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        reason, hint = "is a directory", "give the path of a .yaml file"
    except FileNotFoundError:
        reason, hint = "no such file", "check the path"
    except PermissionError:
        reason, hint = "permission denied", "check its permissions"
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        hint = "check the path"
    problem = Problem(str(path), 1, 1, reason, hint)
    raise BriefingUnreadable([problem]) from None


def read_stream(stream: BinaryIO) -> bytes:
    """What a briefing's stream holds (standard input for ``-``), at most one byte more
    than ``MAX_BYTES``, so that the size check refuses more without reading it all."""
    try:
        return stream.read(MAX_BYTES + 1)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise BriefingUnreadable([Problem("<stdin>", 1, 1, reason, "check the input")]) from None


def _load(raw: bytes, name: str, *, warn: bool) -> tuple[Briefing, list[Problem]]:
    text = _decode(raw, name)
    if not warn and (briefing := _load_valid(text)) is not None:
        return briefing, []
    tree, findings = read_tree(text)
    if findings:
        raise BriefingInvalid(_located(name, findings))
    if tree.data is None:
        raise _single(name, "the file holds no briefing", "start from the example in the README")
    if not isinstance(tree.data, dict):
        raise _single(
            name,
            "the top level must be a mapping of keys (format:, id:, title:, ...)",
            "start the file with 'format: 1' on its own line",
        )
    suggest = Suggester()
    briefing, schema_errors = validation.check(tree.data)
    # A value the schema refused is not looked up as well: one message per mistake.
    paths = [_error_path(error) for error in schema_errors]
    refused = set(paths)
    references = References(tree, suggest, refused)
    # Made one at a time and dropped unless shown: kept all, hundreds of thousands of
    # them would make the garbage collector scan the whole tree again and again.
    schema_found = (
        Later(
            _schema_position(tree, error, path), _schema_builder(tree, error, suggest, references)
        )
        for error, path in zip(schema_errors, paths, strict=True)
    )
    errors = _located(name, itertools.chain(schema_found, references.findings()))
    if errors or briefing is None:
        raise BriefingInvalid(errors)
    if not warn:
        return briefing, []
    warnings = [*references.listed_twice(), *_comment_warnings(tree)]
    for check in checks.WARNING_CHECKS:  # read now: other modules may add to it
        for path, message, hint in check(briefing):
            warnings.append(Finding(tree.value_position(path), message, hint))
    return briefing, _located(name, warnings, severity="warning")


def _load_valid(text: str) -> Briefing | None:
    """The briefing when ``text`` holds a valid one, else None (``_load`` then reads it
    again, keeping the position of every part, to say where each problem is).

    Most files are valid, and a valid file needs no positions: reading without them
    takes about a third of the time.
    """
    data = read_plain(text)
    if not isinstance(data, dict):
        return None
    briefing, schema_errors = validation.check(data)
    if schema_errors or briefing is None:
        return None
    # No positions: a finding only says that there is one.
    if next(iter(References(Tree(data), Suggester(), set()).findings()), None) is not None:
        return None
    return briefing


def _comment_warnings(tree: Tree) -> Iterable[Finding]:
    """Plain text in a text field that a ' #' cut short: YAML read the rest as a comment."""
    for path, position in tree.cut_by_comment.items():
        if _is_text_field(path):
            yield Finding(
                position,
                f"{_describe_path(path)} ends here: YAML reads ' #' and what follows as a comment",
                "put the whole value in quotes to keep it, or move the comment to its own line",
            )


_TEXT_TYPE = re.compile(r"\b(?:Text|BottomLine)\b")


def _is_text_field(path: TreePath) -> bool:
    """Whether ``path`` holds free text (a title, a summary, a use), not an id or date."""
    if not path:
        return False
    if isinstance(path[-1], int):
        path = path[:-1]
    model = _model_at(path[:-1])
    if model is None or not is_dataclass(model):
        return False
    kinds = {field.name: str(field.type) for field in fields(model)}
    return _TEXT_TYPE.search(kinds.get(str(path[-1]), "")) is not None


def _single(name: str, message: str, hint: str) -> BriefingInvalid:
    return BriefingInvalid([Problem(name, 1, 1, message, hint)])


def _located(
    name: str,
    findings: Iterable[Finding | Later],
    severity: Literal["error", "warning"] = "error",
) -> list[Problem]:
    """The first ``MAX_PROBLEMS`` findings by position, as problems, and one more saying
    how many are not shown. Only those shown are sorted, and built when made ``Later``:
    the work is linear in the number of findings, however many there are."""
    total = 0

    def counted() -> Iterator[Finding | Later]:
        nonlocal total
        for finding in findings:
            total += 1
            yield finding

    shown = heapq.nsmallest(MAX_PROBLEMS + 1, counted(), key=lambda finding: finding.position)
    built = [f.build() if isinstance(f, Later) else f for f in shown[:MAX_PROBLEMS]]
    problems = [
        Problem(name, f.position.line, f.position.column, f.message, f.hint, severity)
        for f in built
    ]
    if total > MAX_PROBLEMS:
        last = shown[MAX_PROBLEMS].position
        problems.append(
            Problem(
                name,
                last.line,
                last.column,
                f"{total - MAX_PROBLEMS} more problems not shown",
                "fix the ones above first",
                severity,
            )
        )
    return problems


def _line_and_column(raw: bytes, offset: int) -> Position:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    line = raw.count(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return Position(line, column)


def _decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_BYTES:
        raise _single(
            name,
            f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB",
            "a briefing is a hand-written file; split it or check that this is the right file",
        )
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        len(raw) >= 2 and (raw[0] == 0) != (raw[1] == 0)
    ):
        raise _single(name, "the file is UTF-16 encoded", "save it as UTF-8")
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        where = _line_and_column(raw, error.start)
        byte = raw[error.start]
        raise BriefingInvalid(
            [
                Problem(
                    name,
                    where.line,
                    where.column,
                    f"byte 0x{byte:02X} is not valid UTF-8",
                    "save the file as UTF-8",
                )
            ]
        ) from None
    if not text.strip():
        raise _single(name, "the file is empty", "start from the example in the README")
    bad = list(find_bad_characters(text))
    if bad:
        raise BriefingInvalid(_located(name, bad))
    return text


# --- schema errors -------------------------------------------------------------------------


def _describe_path(path: TreePath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "the briefing"


def _model_at(path: TreePath) -> type | None:
    """The dataclass that describes the mapping at ``path``."""
    model: type = Briefing
    for part in path:
        if isinstance(part, int):
            continue
        annotation = _type_hints(model).get(part)
        if annotation is None:
            return None
        args = get_args(annotation)
        inner = args[0] if args else annotation
        if not (isinstance(inner, type) and is_dataclass(inner)):
            return None
        model = inner
    return model


@cache
def _type_hints(model: type) -> dict[str, Any]:
    return get_type_hints(model, localns=rules.FIELD_TYPES)


def _field_names(model: type | None) -> list[str]:
    return [field.name for field in fields(model)] if model and is_dataclass(model) else []


def _error_path(error: ErrorDetails) -> TreePath:
    return tuple(part for part in error["loc"] if isinstance(part, (str, int)))


def _schema_position(tree: Tree, error: ErrorDetails, path: TreePath) -> Position:
    """Where ``_schema_finding`` places the error at ``path``, found without working out
    its message."""
    if error["type"] == "missing":
        return tree.value_position(path[:-1])
    if error["type"] == "unexpected_keyword_argument":
        return tree.key_position(path)
    return tree.value_position(path)


def _schema_builder(
    tree: Tree, error: ErrorDetails, suggest: Suggester, references: References
) -> Callable[[], Finding]:
    return lambda: _schema_finding(tree, error, suggest, references)


def _schema_finding(
    tree: Tree, error: ErrorDetails, suggest: Suggester, references: References
) -> Finding:
    path = _error_path(error)
    kind = error["type"]
    where = _describe_path(path)
    # Never echo error["input"] wholesale: it can be the whole document.
    given = error.get("input")
    if kind == "missing":
        field_name = str(path[-1])
        parent = path[:-1]
        owner = KIND_OF_LIST.get(str(parent[-2]), "entry") if len(parent) >= 2 else "briefing"
        hint = f"add '{field_name}:' to {_describe_path(parent)}"
        hint += references.named_by_nothing(path)
        return Finding(tree.value_position(parent), f"this {owner} is missing '{field_name}'", hint)
    if kind == "unexpected_keyword_argument":
        field_name = str(path[-1])
        allowed = _field_names(_model_at(path[:-1]))
        guess = suggest(field_name, allowed)
        hint = f"did you mean {short(guess)}?" if guess else "remove it."
        if allowed:
            hint += " Allowed keys: " + ", ".join(allowed)
        return Finding(tree.key_position(path), f"unknown key {short(field_name)}", hint)
    position = tree.value_position(path)
    if given is None and kind in ("string_type", "list_type", "dataclass_type", "dict_type"):
        hint = "give it a value, or remove the key if it is optional"
        return Finding(position, f"{where} is empty", hint + references.named_by_nothing(path))
    if kind in ("value_error", "assertion_error"):
        message = error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
        # Validators write "what is wrong; how to fix it".
        problem, _, fix = message.partition("; ")
        return Finding(position, f"{where} {problem}", fix or None)
    if kind == "string_type":
        return Finding(position, f"{where} must be text, not a list or mapping", "write plain text")
    if kind == "list_type":
        return Finding(
            position,
            f"{where} must be a list",
            "write it as [a, b] or as lines starting with '- '",
        )
    if kind in ("dataclass_type", "dataclass_exact_type", "dict_type"):
        return Finding(position, f"{where} must be a mapping of keys", "write 'key: value' lines")
    if kind == "enum":
        choices = ", ".join(kind.value for kind in ActorKind)
        guess = suggest(given, [k.value for k in ActorKind]) if isinstance(given, str) else None
        hint = f"did you mean '{guess}'? " if guess else ""
        return Finding(position, f"{where} is not a known kind", f"{hint}use one of: {choices}")
    if kind == "literal_error":
        return Finding(position, f"{where} must be 1", "this reader knows format 1")
    if kind == "too_short":
        return Finding(position, f"{where} needs at least one item", "add one, or remove the key")
    if kind == "string_too_short":
        return Finding(position, f"{where} is empty", "write some text, or remove the key")
    return Finding(position, f"{where}: {error['msg']}")


# --- references ------------------------------------------------------------------------------
