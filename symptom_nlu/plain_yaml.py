"""The one YAML loader for files of English words (the lexicon, the transcripts).

YAML 1.1 turns a bare ``no``, ``yes``, ``on`` or ``off`` into a boolean: in a list of cues
or a person's answer ("user: no") that is a trap. This safe loader (C speed when available)
reads them as words; only ``true`` and ``false`` stay booleans. A key written twice is an
error rather than the second silently replacing the first.
"""

from __future__ import annotations

import re
from typing import IO, Any

import yaml

_BOOL = "tag:yaml.org,2002:bool"


class PlainWordsLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that reads no, yes, on, off as words and refuses repeated keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key '{key}' written twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


PlainWordsLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
PlainWordsLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def load_plain_yaml(stream: str | bytes | IO[str] | IO[bytes]) -> Any:
    """The document in `stream`, with no, yes, on and off as words; yaml.YAMLError if bad."""
    return yaml.load(stream, Loader=PlainWordsLoader)  # noqa: S506 - a safe loader
