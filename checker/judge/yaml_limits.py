"""YAML with limits, for rule packs and ``.fzcheck.yaml``: no alias bombs, no runaway nesting.

A YAML alias (``*a``) names a node written once; PyYAML shares it, so a 400-byte file with nine
levels of aliases nine wide ("billion laughs") loads into a small object graph that *means*
387 million strings. Whatever walks it next — JSON Schema validation, merging ``extends``,
listing the regexes — walks every one of them: 53 s and 6 GB before a pack was rejected, a
MemoryError for a config. So the document is composed (nodes only, aliases not expanded),
its expanded size, depth and alias count are measured on the node graph with a memo (time
linear in the file), and only a document within the bounds is constructed.

The bounds are far above any real pack (the built-in fazhi pack is ~1,200 nodes, no aliases).
"""
from __future__ import annotations

from typing import Any

import yaml

MAX_NODES = 200_000  # nodes after expanding aliases
MAX_DEPTH = 64  # nested mappings and sequences
MAX_ALIASES = 100  # alias uses (*name); anchors shared this often are no longer "a few lists"


class YamlLimitError(ValueError):
    """A YAML document over a bound; ``zh`` / ``en`` say which, without the file name."""

    def __init__(self, zh: str, en: str):
        super().__init__(en)
        self.zh, self.en = zh, en


def load(text: str, loader_class) -> Any:
    """Like ``yaml.load(text, Loader=loader_class)`` with a safe loader, within the bounds above.

    Raises ``yaml.YAMLError`` for malformed YAML and YamlLimitError for a document over a bound.
    """
    loader = loader_class(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise _too_deep() from None
        if node is None:
            return None
        measure(node)
        try:
            return loader.construct_document(node)
        except RecursionError:
            raise _too_deep() from None
    finally:
        loader.dispose()


def _too_deep() -> YamlLimitError:
    return YamlLimitError(f"嵌套层数过多（上限 {MAX_DEPTH} 层）", f"nested too deeply (limit {MAX_DEPTH} levels)")


def measure(root: yaml.Node) -> int:
    """The number of nodes ``root`` stands for once aliases are expanded; raises
    YamlLimitError past a bound or for a node that contains itself (a recursive alias).

    Iterative (a deep document cannot exhaust Python's stack) and memoised per node object, so
    a shared node is measured once however many aliases use it.
    """
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    uses = 0
    visits: dict[int, int] = {}  # id(node) -> times reached (a second reach is an alias use)
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            if sizes[key] > MAX_NODES:
                raise _too_big()
            continue
        visits[key] = visits.get(key, 0) + 1
        if visits[key] > 1 and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            uses += 1
            if uses > MAX_ALIASES:
                raise YamlLimitError(f"别名（*名称）用得过多（超过 {MAX_ALIASES} 次），拒绝展开",
                                     f"too many aliases (*name, over {MAX_ALIASES} uses); refused")
        if key in on_path:
            raise YamlLimitError("别名引用了包含它自己的节点（递归别名），拒绝展开",
                                 "an alias refers to a node that contains it (a recursive alias); refused")
        if key in sizes:
            continue
        if depth > MAX_DEPTH:
            raise _too_deep()
        children = _children(node)
        if not children:
            sizes[key] = 1
            continue
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in children)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [item for pair in node.value for item in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _too_big() -> YamlLimitError:
    return YamlLimitError(f"展开别名后过大（超过 {MAX_NODES} 个节点），疑似 YAML 别名炸弹，拒绝读取",
                          f"too large once its aliases are expanded (over {MAX_NODES} nodes), a likely "
                          f"YAML alias bomb; refused")
