"""YAML read with limits, for ledgers and source tables a stranger may have written.

A few hundred bytes of YAML can expand through aliases to billions of nodes
(billion laughs), and deep nesting overflows Python's stack. Before anything is
built, one pass over the composed node graph measures the document: its size
in bytes, its nesting depth, and the number of nodes it holds once every alias
is expanded. A document past any limit is refused with one line, in time linear in
its bytes.
"""

from __future__ import annotations

import yaml

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "YamlLimit", "check_node", "compose", "load", "loader"]

MAX_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 5_000_000  # after expanding aliases; a 16,000-entry ledger holds about 200,000


class YamlLimit(ValueError):
    """The document is past one of the limits; the message says which."""


def loader():
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str):
    """The document's data, or YamlLimit; the C composer shares one node per anchor,
    so sizes are counted on the node graph once per node, before anything is built."""
    node = compose(text)
    return None if node is None else loader()("").construct_document(node)


def compose(text: str):
    if len(text) > MAX_BYTES:
        raise YamlLimit(f"is larger than {MAX_BYTES // (1024 * 1024)} MB")
    node = yaml.compose(text, Loader=loader())
    if node is not None:
        check_node(node)
    return node


def check_node(root) -> None:
    """Depth and expanded size of a composed document, in one pass over its distinct nodes."""
    size: dict[int, int] = {}
    stack = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            raise YamlLimit(f"nests deeper than {MAX_DEPTH} levels")
        key = id(node)
        if key in size and not done:
            continue
        if isinstance(node, yaml.ScalarNode):
            size[key] = 1
            continue
        children = [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else node.value
        if done:
            size[key] = 1 + sum(size[id(c)] for c in children)
            if size[key] > MAX_NODES:
                raise YamlLimit(f"expands to more than {MAX_NODES:,} values through its aliases")
            continue
        size[key] = 0  # open: a cycle through an anchor counts as nothing more
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in children if id(c) not in size)
