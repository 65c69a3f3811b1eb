"""YAML read safely with the line of every mapping, key and list item, so that errors in the
termbase and in baselines can point into the file.

Hostile files are refused with a DilmacError at their line, never a traceback, a hang or a
crash: anchors and aliases (an "alias bomb" of a few lines expands to gigabytes, and no dilmac
file needs them), nesting deeper than MAX_DEPTH (PyYAML recurses once per level), mapping keys
that are lists or mappings, and characters YAML does not allow (NUL, other control characters).
"""

from __future__ import annotations

import yaml

from dilmac.core.errors import DilmacError

MAX_DEPTH = 64  # the termbase nests 6 deep, a baseline 3


class _Refused(yaml.MarkedYAMLError):
    """A YAML file dilmac does not read (see the module docstring), at its mark."""


class PlainLoader(yaml.SafeLoader):
    """SafeLoader that refuses anchors, aliases and deep nesting (for front matter too)."""

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(
                problem="anchors (&name) and aliases (*name) are not accepted; write the value out",
                problem_mark=event.start_mark,
            )
        if self.depth >= MAX_DEPTH:
            raise _Refused(problem=f"nested more than {MAX_DEPTH} levels deep", problem_mark=event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class LineLoader(PlainLoader):
    """PlainLoader that keeps dates as strings (the schema checks them) and records lines."""


LineLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class LineDict(dict):
    line: int = 0
    key_lines: dict


class LineList(list):
    line: int = 0
    item_lines: list


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Refused(
                problem="a key must be a plain value, not a list or a mapping", problem_mark=key_node.start_mark
            )
        key = loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(text: str, path: str, *, what: str) -> object:
    """`text`, the YAML file `path` (a `what`: "termbase file", "baseline"), read with
    LineLoader; any problem raises DilmacError with the file and the line."""
    try:
        return yaml.load(text, Loader=LineLoader)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise DilmacError(
            f"the {what} holds a character YAML does not allow (U+{exc.character:04X}, a control character)"
            if isinstance(exc.character, int)
            else f"the {what} holds a character YAML does not allow",
            path=path,
            line=line,
            column=column,
            hint=f"remove it, or check that {path} is the {what} you meant",
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        refused = isinstance(exc, _Refused)
        raise DilmacError(
            exc.problem if refused else f"YAML syntax error: {exc.problem or exc.context}",
            path=path,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            hint="dilmac reads plain YAML: mappings, lists and values"
            if refused
            else "check the indentation and quoting on that line",
        ) from None
    except yaml.YAMLError as exc:  # no position known
        raise DilmacError(
            f"not valid YAML: {exc}", path=path, hint=f"check that {path} is the {what} you meant"
        ) from None
