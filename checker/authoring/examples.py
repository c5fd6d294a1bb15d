"""`fzcheck rules test`: run every rule's embedded examples with the pack."""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Sequence

from checker.judge import packs
from checker.model import Document, Pack

EXPECTS = ("pass", "partial", "fail", "na")


@dataclass(frozen=True)
class ExampleResult:
    rule: str
    index: int  # position in the rule's examples
    expect: str
    got: str  # a status, or "error" when the example could not be checked
    text: str
    message: str
    source: str  # the file the example is written in
    where: str  # its key path there

    @property
    def ok(self) -> bool:
        return self.expect == self.got


def example_document(rule_id: str, index: int, text: str) -> Document:
    """An example text as a small document (lines as written)."""
    return Document(path=f"{rule_id}#{index + 1}", lines=tuple(text.split("\n")))


def run_examples(name: str, search: Sequence[str | os.PathLike] = (), lang: str = "zh",
                 only: str | None = None) -> tuple[Pack, list[ExampleResult]]:
    """Every enabled rule's examples (or only rule ``only``'s), each checked with the pack."""
    from checker.analysis.text import RegexTimeout
    from checker.judge.engine import analyse, check_rule

    pack = packs.load(name, search)
    data, path = packs.load_raw(name, search=search)
    raws = {raw["id"]: raw for raw in data.get("rules", [])}
    results = []
    for rule in pack.rules:
        if only and rule.id != only:
            continue
        raw = raws[rule.id]
        source, position = raw.get("_examples_at") or (raw.get("_file") or packs._display(path), raw.get("_index", 0))
        for index, example in enumerate(rule.examples):
            document = example_document(rule.id, index, example["text"])
            try:
                verdict = check_rule(rule, analyse(document, pack, lang))
                got, message = verdict.status.value, verdict.message
            except RegexTimeout as exc:
                got, message = "error", exc.message(lang)
            results.append(ExampleResult(rule=rule.id, index=index, expect=example["expect"], got=got,
                                         text=example["text"], message=message, source=source,
                                         where=f"rules[{position}].examples[{index}]"))
    return pack, results
