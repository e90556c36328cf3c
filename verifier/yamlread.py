"""YAML read with limits, for ledgers and source tables a stranger may have written.

A few hundred bytes of YAML can expand through aliases to billions of nodes
(billion laughs), and deep nesting overflows Python's stack. Before anything is
built, one pass over the composed node graph measures the document: its size
in bytes, its nesting depth, and the number of nodes it holds once every alias
is expanded. A document past any limit is refused with one line, in time linear in
its bytes.

Ledgers (``load``) hold a node per entry field and run to hundreds of
thousands of values, more than PyYAML's Python constructor builds in a second;
they are read by yaml-rs (a Rust YAML 1.2 reader) with its alias-replay
limit set (verify writes no aliases), and their depth is measured on the data. Source tables
keep the PyYAML node graph (``compose``) because their errors name the line of a row.
"""

from __future__ import annotations

import yaml
import yaml_rs

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "MAX_REPLAYED", "YamlLimit", "check_depth", "check_node", "compose", "load", "loader"]

MAX_BYTES = 256 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 5_000_000  # after expanding aliases; a 16,000-entry ledger holds about 200,000
MAX_REPLAYED = 1_000_000  # values a ledger's aliases may repeat; verify writes none


class YamlLimit(ValueError):
    """The document is past one of the limits; the message says which."""


def loader():
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str):
    """The document's data, or YamlLimit; a text that is not YAML raises ``yaml_rs.YAMLDecodeError``."""
    if len(text) > MAX_BYTES:
        raise YamlLimit(f"is larger than {MAX_BYTES // (1024 * 1024)} MB")
    limits = yaml_rs.AliasLimits(max_total_replayed_events=MAX_REPLAYED, max_replay_stack_depth=MAX_DEPTH)
    try:
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=limits)
    except yaml_rs.YAMLDecodeError as exc:
        first = str(exc).splitlines()[0] if str(exc) else ""
        if "alias" in first and "limit" in first:
            raise YamlLimit(f"expands to more than {MAX_REPLAYED:,} values through its aliases") from None
        raise
    check_depth(data)
    return data


def check_depth(data) -> None:
    """Nesting depth of built data, one level of containers at a time (scalars cost nothing)."""
    level = [data] if type(data) in (dict, list) else []
    depth = 1
    while level:
        if depth > MAX_DEPTH:
            raise YamlLimit(f"nests deeper than {MAX_DEPTH} levels")
        inner = []
        for item in level:
            inner += [c for c in (item.values() if type(item) is dict else item) if type(c) in (dict, list)]
        level, depth = inner, depth + 1


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
