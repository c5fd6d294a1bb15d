"""Rule packs: load YAML → validate (JSON Schema) → resolve ``extends`` → frozen Pack.

A pack is found by name or by path. A name ("fazhi", "my-province") is looked up as
``<name>.yaml`` in the folders given with ``--pack-path`` (in order), then among the
built-in packs shipped in ``rules/``; ``extends`` names a pack the same way, looking first
in the extending file's own folder (a path is taken relative to the extending file). A rule
with an id the parent already has is merged over the parent's rule key by key (so a province
can change just a weight), and ``disabled: true`` removes it.

Every base pack (one without ``extends``) declares ``id``, ``version``, ``title``,
``document_type``, ``basis`` and ``min_tool_version``; a pack that needs a newer fzcheck
than the one running is refused with a clear message. Its ``detect:`` block (title and
heading terms) lets ``check`` tell which report type a document looks like.

Loading stops at the first problem; ``checker.authoring.validate`` collects them all (``fzcheck
rules validate``) from the same pieces: ``schema_problems``, ``file_problems``,
``merged_problems`` and ``regex_problems``.

The schema file ``rules/pack.schema.json`` is generated from the rule kinds' OPTIONS by
``python -m checker.judge.packs --write-schema`` (a test keeps it up to date), so a kind's options
are written once, in its module.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Sequence

from checker import __version__
from checker.errors import PackError
from checker.model import DocType, DocumentSpec, Grade, Lookalike, Pack, Part, ProblemWords, Rule, Severity

DEFAULT_PACK = "fazhi"
SCHEMA_FILE = "pack.schema.json"
# The built-in packs never change after install, and validating them (importing jsonschema and
# walking every rule) was a third of a cold `fzcheck check`, parsing their YAML another tenth. So
# the checks run once, when `python -m checker.judge.packs --write-schema` writes this file: for
# each built-in pack that passed them all, a digest of the schema and the pack file, and the
# pack's data as parsed. A built-in file whose digest matches is read from here, neither parsed
# nor checked again; one that differs (edited in a source checkout) is read and checked like a
# user's pack, and tests/test_packs.py fails until the file is written again. User packs: always
# parsed and checked. The digest (CRC-32 and length) tells an edit, not an attack: whoever can
# change the installed packs can change the checker.
VALIDATED_FILE = "validated.json"

RULE_BASE_KEYS = {
    "id": {"type": "string", "pattern": r"^[a-z][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)*$"},
    "kind": {"type": "string"},
    "title": {"type": "string", "minLength": 1},
    "title_en": {"type": "string"},
    "severity": {"enum": ["error", "warning", "info"]},
    "weight": {"type": "number", "minimum": 0},
    "partial_credit": {"type": "number", "minimum": 0, "maximum": 1},
    "basis": {"type": "string"},
    "help": {"type": "string"},
    "help_en": {"type": "string"},
    "disabled": {"type": "boolean"},
    "examples": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["text", "expect"],
            "properties": {
                "text": {"type": "string"},
                "expect": {"enum": ["pass", "partial", "fail", "na"]},
                "note": {"type": "string"},
            },
        },
    },
}
RULE_REQUIRED = ["id", "kind", "title", "severity", "weight"]
# What a base pack (one without `extends`) must declare; an extending pack inherits the rest.
PACK_REQUIRED = ["id", "version", "title"]
BASE_PACK_REQUIRED = ["id", "version", "title", "document_type", "basis", "min_tool_version"]
# Rule options that name a part (or "document").
PART_REFERENCES = ("part", "scope")
MAX_PACK_BYTES = 4 * 1024 * 1024  # the built-in fazhi pack is ~40 KB


def _yaml():
    """(yaml, its safe loader): libyaml's when present (same rules, faster). Imported on first use:
    a check with a built-in pack never parses YAML."""
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    """One problem in a pack file: where (file and key path) and why, in Chinese and English."""

    source: str
    where: str
    zh: str
    en: str
    level: str = "error"  # "error" | "warning"

    def message(self, lang: str = "zh") -> str:
        text = self.en if lang == "en" else self.zh
        if self.where == "(top)" and self.source in text:  # a message that names the file already
            return text
        if lang == "en":
            return f"{self.source}: {self.where}: {self.en}"
        return f"{self.source}：{self.where}：{self.zh}"

    def error(self) -> PackError:
        return PackError(f"规则包无效：{self.source}：{self.where}：{self.zh}",
                         f"invalid pack: {self.source}: {self.where}: {self.en}")


def rules_dir() -> Path:
    """Where the built-in packs are: the installed checker.rules package, or the source tree.
    Looked for beside this file first (importlib.resources costs a cold check ~1 ms to import)."""
    for path in (Path(__file__).resolve().parents[1] / "rules", Path(__file__).resolve().parents[2] / "rules"):
        if (path / f"{DEFAULT_PACK}.yaml").exists():
            return path
    try:
        from importlib.resources import files

        path = Path(str(files("checker.rules")))
        if (path / f"{DEFAULT_PACK}.yaml").exists():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[2] / "rules"


def build_schema() -> dict[str, Any]:
    from checker.kinds import KINDS

    string_list = {"type": "array", "items": {"type": "string"}}
    kind_branches = []
    for name, module in KINDS.items():
        properties = {**RULE_BASE_KEYS, **module.OPTIONS, "kind": {"const": name}}
        kind_branches.append({
            "if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
            "then": {"properties": properties, "additionalProperties": False},
        })
    all_option_keys = sorted({key for module in KINDS.values() for key in module.OPTIONS})
    rule = {
        "type": "object",
        "required": ["id"],
        "properties": {**RULE_BASE_KEYS, "kind": {"enum": sorted(KINDS)},
                       **{key: True for key in all_option_keys}},
        "additionalProperties": False,
        "allOf": kind_branches,
    }
    complete_rule = {
        "allOf": [{"$ref": "#/$defs/rule"}],
        "required": RULE_REQUIRED,
        "anyOf": [
            {"properties": {"disabled": {"const": True}}, "required": ["disabled"]},
            *[{"properties": {"kind": {"const": name}}, "required": list(module.REQUIRED)}
              for name, module in KINDS.items()],
        ],
    }
    part = {
        "type": "object",
        "additionalProperties": False,
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "name_en": {"type": "string"},
            "heading": string_list,
            "heading_patterns": string_list,
            "exclude": string_list,
            "mention": string_list,
            "fallback": {"enum": ["leading_sections"]},
            "nested": {"type": "boolean"},
            # in the preface (before the first top-level heading) these name the part in passing
            "preface_mention": string_list,
            # an item of a paragraph ("二是严格落实第一责任人职责，…") whose lead phrase has a
            # heading term introduces the part, as a sub-heading would
            "item_leads": {"type": "boolean"},
            # regexes on a paragraph's opening words: where a later part of a merged heading begins
            "opens": string_list,
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://fazhi-checker.invalid/pack.schema.json",
        "title": "fazhi-checker rule pack",
        "type": "object",
        "additionalProperties": False,
        "required": PACK_REQUIRED,
        "if": {"not": {"required": ["extends"]}},
        "then": {"required": BASE_PACK_REQUIRED},
        "properties": {
            "id": {"type": "string", "pattern": r"^[a-z][a-z0-9_-]*$"},
            "version": {"type": "string"},
            "title": {"type": "string"},
            "title_en": {"type": "string"},
            "document_type": {"type": "string"},
            "basis": {"type": "string"},
            "min_tool_version": {"type": "string", "pattern": r"^\d+(\.\d+){0,3}$"},
            "extends": {"type": "string"},
            "pass_mark": {"type": "number", "minimum": 0, "maximum": 100},
            "grades": {
                "type": "array",
                "items": {
                    "type": "object", "additionalProperties": False, "required": ["name", "min"],
                    "properties": {"name": {"type": "string"}, "name_en": {"type": "string"},
                                   "min": {"type": "number", "minimum": 0, "maximum": 100}},
                },
            },
            "debris": {
                "type": "object", "additionalProperties": False,
                "properties": {"lines": string_list, "fragments": string_list, "tail": string_list},
            },
            # fzcheck batch: when two reports, or two of their sections, count as similar (雷同)
            "similarity": {
                "type": "object", "additionalProperties": False,
                "properties": {"enabled": {"type": "boolean"},
                               "report": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                               "section": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
                               "min_section_chars": {"type": "integer", "minimum": 20}},
            },
            "detect": {
                "type": "object", "additionalProperties": False, "required": ["name"],
                "anyOf": [{"required": ["title"]}, {"required": ["headings"]}],
                "properties": {"name": {"type": "string", "minLength": 1}, "name_en": {"type": "string"},
                               "title": string_list, "headings": string_list},
            },
            # the matters of the domain, as named groups of synonyms: which problem a plan item
            # answers (执法力量不足 → 充实执法队伍) — used by the substance kinds
            "topics": {"type": "object", "additionalProperties": string_list},
            # fzcheck batch: the findings counted across a batch (a report is flagged when the rule fails)
            "review": {"type": "object", "additionalProperties": False, "properties": {"flags": {
                "type": "array", "items": {"type": "object", "additionalProperties": False, "required": ["rule", "name"],
                                           "properties": {"rule": {"type": "string"}, "name": {"type": "string"},
                                                          "name_en": {"type": "string"}}}}}},
            # how a shortcoming statement is read by the substance kinds
            "problems": {"type": "object", "additionalProperties": False,
                         "properties": {"lack": string_list, "praise": string_list, "concrete": {"type": "string"}}},
            # report.type: what makes a text this pack's report, and the look-alikes it is not
            "document": {
                "type": "object", "additionalProperties": False, "required": ["name"],
                "properties": {
                    "name": {"type": "string", "minLength": 1}, "name_en": {"type": "string"},
                    "opening": string_list, "review": string_list,
                    "lookalikes": {"type": "array", "items": {
                        "type": "object", "additionalProperties": False, "required": ["id", "name"],
                        "anyOf": [{"required": ["title"]}, {"required": ["opening"]}],
                        "properties": {
                            "id": {"type": "string", "minLength": 1}, "name": {"type": "string", "minLength": 1},
                            "name_en": {"type": "string"}, "title": string_list, "opening": string_list,
                            "parts": {"enum": ["review", "description", "other"]},
                            "pack": {"type": "string"}, "weak": {"type": "boolean"}}}},
                },
            },
            "parts": {"type": "object", "additionalProperties": part},
            "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}},
        },
        "$defs": {"rule": rule, "complete_rule": complete_rule},
    }


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    path = rules_dir() / SCHEMA_FILE
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    return build_schema()


@lru_cache(maxsize=4)
def _validator(key: str):
    from jsonschema import Draft202012Validator

    schema = _schema()
    if key == "rule":  # a rule after merging: complete, with its kind's required options
        schema = {"$defs": schema["$defs"], "$ref": "#/$defs/complete_rule"}
    return Draft202012Validator(schema)


def _format_path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top)"


def _join(prefix: str, where: str) -> str:
    if not prefix:
        return where
    if where == "(top)":
        return prefix
    return prefix + where if where.startswith("[") else f"{prefix}.{where}"


def schema_problems(data: Any, source: str, prefix: str = "", which: str = "pack") -> list[Problem]:
    """Schema violations, the most specific first (an unknown key inside a rule, say)."""
    from jsonschema.exceptions import best_match

    errors = list(_validator(which).iter_errors(data))
    if not errors:
        return []
    best = best_match(errors)
    problems: list[Problem] = []
    for error in [best] + [e for e in errors if e is not best]:
        while error.context:
            error = best_match(error.context)
        problem = Problem(source, _join(prefix, _format_path(list(error.absolute_path))), _schema_zh(error), error.message)
        if problem not in problems:
            problems.append(problem)
    return problems


_TYPE_ZH = {"string": "文字", "array": "列表", "object": "映射（键: 值）", "integer": "整数", "number": "数字",
            "boolean": "true 或 false", "null": "空"}


def _schema_zh(error) -> str:
    """A schema violation in the user's words (jsonschema speaks English only): a pack author in
    a legal-affairs office reads "缺少必填项：document_type", not "'document_type' is a required property"."""
    kind, value, instance = error.validator, error.validator_value, error.instance
    if kind == "required" and isinstance(instance, dict):
        missing = [name for name in value if name not in instance]
        return f"缺少必填项：{'、'.join(missing)}"
    if kind == "additionalProperties" and isinstance(instance, dict):
        known = set((error.schema or {}).get("properties", {}))
        extra = [str(name) for name in instance if name not in known]
        if extra:
            return f"不认识的键：{'、'.join(extra)}（拼写是否有误？）"
    if kind == "type":
        wanted = value if isinstance(value, list) else [value]
        return f"类型不对：应为{'或'.join(_TYPE_ZH.get(str(w), str(w)) for w in wanted)}"
    if kind == "enum":
        return f"取值应为以下之一：{'、'.join(str(v) for v in value)}"
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        return f"数值超出范围（{error.message}）"
    if kind in ("minItems", "minLength", "minProperties"):
        return f"不能为空（{error.message}）"
    return f"不符合格式要求（{error.message}）"


def read_file(path: Path) -> dict[str, Any]:
    """A pack file's YAML, or a PackError naming the file (and the line of a YAML error).

    Only a regular file of at most MAX_PACK_BYTES is read (a FIFO or /dev/zero given as
    --pack must not hang or fill memory), and the YAML is loaded within the alias and depth
    bounds of checker.judge.yaml_limits (an alias bomb is refused before any validation).
    """
    from checker.judge import yaml_limits  # (imports PyYAML: only when a pack's YAML is read)

    text = _read_text(path)
    yaml, loader = _yaml()
    try:
        data = yaml_limits.load(text, loader)
    except yaml_limits.YamlLimitError as exc:
        raise PackError(f"规则包无效：{_display(path)}：{exc.zh}", f"invalid pack: {_display(path)}: {exc.en}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark else ""
        where_en = f"line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PackError(f"规则包 YAML 格式错误：{_display(path)}：{where}：{problem}",
                        f"invalid YAML in pack: {_display(path)}: {where_en}: {problem}") from None
    if not isinstance(data, dict):
        raise PackError(f"规则包无效：{_display(path)}：顶层应为映射（键: 值）",
                        f"invalid pack: {_display(path)}: the top level must be a mapping")
    return data


_read_yaml = read_file  # the old name


def _read_text(path: Path) -> str:
    from checker.readers.bounded import read_regular

    if not path.exists() and not path.is_symlink():
        raise PackError(f"找不到规则包：{path}", f"pack not found: {path}")
    data = read_regular(str(path), MAX_PACK_BYTES, ("规则包", "pack"),
                        error=lambda zh, en: PackError(f"无法读取规则包：{zh}", f"cannot read pack: {en}"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PackError(f"无法读取规则包：{path}（不是 UTF-8 文本：{exc.reason}）",
                        f"cannot read pack: {path} (not UTF-8 text: {exc.reason})") from None


def _looks_like_path(name_or_path: str) -> bool:
    return name_or_path.endswith((".yaml", ".yml")) or "/" in name_or_path or os.sep in name_or_path


def search_folders(search: Sequence[str | os.PathLike] = ()) -> list[Path]:
    """The --pack-path folders, checked: each must be an existing folder."""
    folders = []
    for folder in search:
        path = Path(folder)
        if not path.is_dir():
            raise PackError(f"规则包目录不存在：{folder}", f"pack folder not found: {folder}")
        folders.append(path)
    return folders


def is_builtin(name: str, search: Sequence[str | os.PathLike] = ()) -> bool:
    """Whether ``name`` resolves to one of the built-in packs (validated by the tests, not at run time)."""
    try:
        path = locate(name, None, search)
    except PackError:
        return False
    return path.parent.resolve() == rules_dir().resolve()


def locate(name_or_path: str, relative_to: Path | None = None, search: Sequence[str | os.PathLike] = (),
           skip: frozenset[str] = frozenset()) -> Path:
    """A pack file from a name ("fazhi": the --pack-path folders, then the built-ins) or a path.

    ``relative_to`` is the folder of an extending file: a path is taken relative to it, and a
    name is looked up there first. Files in ``skip`` (the extends chain so far) are passed
    over, so a folder's own "fazhi.yaml" may extend the built-in fazhi.
    """
    candidate = Path(name_or_path)
    if os.path.lexists(name_or_path) and not candidate.is_dir() and not candidate.is_file():
        return candidate  # a FIFO, a device, a loop: read_file refuses it with the reason
    if _looks_like_path(name_or_path) or candidate.is_file():
        if relative_to is not None and not candidate.is_absolute() and (relative_to / candidate).is_file():
            return relative_to / candidate
        if candidate.is_file():
            return candidate
        raise PackError(f"找不到规则包文件：{name_or_path}", f"pack file not found: {name_or_path}")
    folders = ([relative_to] if relative_to is not None else []) + search_folders(search) + [rules_dir()]
    for folder in folders:
        for suffix in (".yaml", ".yml"):
            path = folder / f"{name_or_path}{suffix}"
            if path.is_file() and _resolved(path) not in skip:
                return path
    available = ", ".join(builtin_names())
    searched = "；".join(str(f) for f in search)
    raise PackError(f"没有名为“{name_or_path}”的规则包（内置：{available}" + (f"；已查找：{searched}" if search else "") + "）",
                    f"no pack named '{name_or_path}' (built-in: {available}" +
                    (f"; searched: {', '.join(str(f) for f in search)}" if search else "") + ")")


def _resolved(path: Path) -> str:
    """The real path of a pack file; a symlink loop stays as written (read_file then says it is a loop)."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return os.path.abspath(path)


def builtin_names() -> list[str]:
    return sorted(p.stem for p in rules_dir().glob("*.yaml"))


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", text)[:4])


def file_problems(data: dict[str, Any], source: str) -> list[Problem]:
    """What one pack file gets wrong beyond the schema: repeated rule ids, a tool too old for it,
    regexes that do not compile. (Assumes the file passed the schema.)"""
    problems: list[Problem] = []
    needed = data.get("min_tool_version")
    if needed and _version_tuple(str(needed)) > _version_tuple(__version__):
        problems.append(Problem(
            source, "min_tool_version",
            f"此规则包需要 fzcheck {needed} 或更高版本，当前为 {__version__}：请升级 fazhi-checker（pip install -U fazhi-checker）",
            f"this pack needs fzcheck {needed} or later, this is {__version__}: upgrade fazhi-checker "
            f"(pip install -U fazhi-checker)"))
    first: dict[str, int] = {}
    for position, rule in enumerate(data.get("rules", [])):
        rule_id = rule.get("id")
        if rule_id in first:
            problems.append(Problem(
                source, f"rules[{position}].id",
                f"规则编号“{rule_id}”重复（第一次出现在 rules[{first[rule_id]}]）",
                f"duplicate rule id '{rule_id}' (first at rules[{first[rule_id]}])"))
        else:
            first[rule_id] = position
    from checker.analysis.text import pattern_error, pattern_limits

    for where, pattern in pack_regexes(data):
        rule_zh, rule_en = rule_named(data, where)
        limit = pattern_limits(pattern)  # before compiling: a{1000000000} must not reach the compiler
        if limit:
            problems.append(Problem(source, where, f"{rule_zh}{limit[0]}", f"{rule_en}{limit[1]}"))
            continue
        reason = pattern_error(pattern)
        if reason:
            problems.append(Problem(source, where, f"{rule_zh}正则表达式无法编译：{reason}（“{pattern}”）",
                                    f"{rule_en}the regex does not compile: {reason} ('{pattern}')"))
    return problems


def rule_named(data: dict[str, Any], where: str) -> tuple[str, str]:
    """("规则“x”：", "rule 'x': ") for a key path inside rules[i], else two empty strings."""
    match = re.match(r"rules\[(\d+)\]", where)
    rules = data.get("rules") or []
    if match and int(match.group(1)) < len(rules) and isinstance(rules[int(match.group(1))], dict):
        rule_id = rules[int(match.group(1))].get("id")
        if isinstance(rule_id, str):
            return f"规则“{rule_id}”：", f"rule '{rule_id}': "
    return "", ""


@lru_cache(maxsize=1)
def prove_builtins() -> None:
    """Mark the built-in packs' regexes as proven linear (checker.analysis.text.prove): the
    regex screen proves them in the tests (tests/test_regex_safety.py), so they run without a
    time budget and a verdict never depends on how busy the machine is."""
    from checker.analysis.text import prove

    for name in builtin_names():
        path = rules_dir() / f"{name}.yaml"
        try:
            data = validated_data(path) or read_file(path)  # the validated copy: no YAML at start-up
        except PackError:
            continue
        prove(pattern for _, pattern in pack_regexes(data))


# Keys whose strings are regexes as a whole; elsewhere a list item written "re:..." is one.
_REGEX_KEYS = ("pattern", "patterns", "heading_patterns", "opens", "figure", "doubtful", "concrete")
_PROSE_KEYS = ("examples", "title", "title_en", "help", "help_en", "basis", "name", "name_en", "note")


def pack_regexes(data: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(key path, regex) of every regex a pack file writes: re: terms, heading_patterns,
    forbidden/count patterns, a part's ``opens``, the ``figure`` / ``doubtful`` of the statement
    kinds, ``problems.concrete``, debris lines and fragments — all of them bounded in size and
    screened for backtracking by `rules validate`."""
    def walk(value: Any, path: str, whole: bool) -> Iterator[tuple[str, str]]:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in _PROSE_KEYS or str(key).startswith("_"):
                    continue
                yield from walk(item, f"{path}.{key}" if path else str(key), key in _REGEX_KEYS)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(item, f"{path}[{index}]", whole)
        elif isinstance(value, str):
            if whole:
                yield path, value
            elif value.startswith("re:") and "[" in path:  # a term in a list
                yield path, value[3:]

    debris = data.get("debris") or {}
    for group in ("lines", "fragments", "tail"):
        for index, pattern in enumerate(debris.get(group, []) or []):
            if isinstance(pattern, str):
                yield f"debris.{group}[{index}]", pattern
    for key in ("parts", "rules", "detect", "document", "topics", "problems"):
        if key in data:
            yield from walk(data[key], key, False)


def load_raw(name_or_path: str, relative_to: Path | None = None, _seen: tuple[str, ...] = (),
             search: Sequence[str | os.PathLike] = (), _trust: list[bool] | None = None,
             _check_all: bool = False) -> tuple[dict[str, Any], Path]:
    """The pack's data with its ``extends`` chain merged in, validated at each step (a built-in
    pack validated when its digest was written is not validated again, unless ``_check_all``;
    ``_trust`` collects, file by file, whether that was the case)."""
    path = locate(name_or_path, relative_to, search, frozenset(_seen))
    key = _resolved(path)
    if key in _seen:
        raise PackError(f"规则包循环继承：{_display(path)}", f"pack extends itself in a cycle: {_display(path)}")
    source = _display(path)
    data = None if _check_all else validated_data(path)
    trusted = data is not None
    if _trust is not None:
        _trust.append(trusted)
    if data is None:
        data = read_file(path)
        for problem in schema_problems(data, source) or file_problems(data, source):
            raise problem.error()
    data = mark_rules(data, source)
    parent_name = data.get("extends")
    if parent_name:
        parent_path = locate_parent(parent_name, path, source, search, frozenset(_seen + (key,)))
        parent, _ = load_raw(str(parent_path), None, _seen + (key,), search, _trust=_trust, _check_all=_check_all)
        data = merge(parent, data)
    return data, path


def pack_digest(path: Path) -> str:
    """CRC-32 and length of the pack schema and the pack file's bytes (a schema change counts too)."""
    import zlib

    schema, pack = _schema_bytes(), path.read_bytes()
    crc = zlib.crc32(pack, zlib.crc32(schema + b"\0"))
    return f"{crc:08x}:{len(schema)}:{len(pack)}"


@lru_cache(maxsize=1)
def _schema_bytes() -> bytes:
    path = rules_dir() / SCHEMA_FILE
    return path.read_bytes() if path.exists() else b""


@lru_cache(maxsize=1)
def _validated() -> dict[str, Any]:
    try:
        data = json.loads((rules_dir() / VALIDATED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def validated_data(path: Path) -> dict[str, Any] | None:
    """The parsed data of ``path`` when it is a built-in pack whose content is the one validated
    (a fresh copy: callers may change it), else None."""
    try:
        if path.resolve().parent != rules_dir().resolve():
            return None
        entry = _validated().get(path.name)
        if not isinstance(entry, dict) or entry.get("digest") != pack_digest(path):
            return None
    except OSError:
        return None
    return json.loads(json.dumps(entry["data"]))


def _same_order(a: Any, b: Any) -> bool:
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same_order(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return all(_same_order(x, y) for x, y in zip(a, b))
    return True


def write_validated() -> Path:
    """Check every built-in pack in full (the checks ``load`` then skips) and write VALIDATED_FILE;
    a pack that fails raises its PackError and nothing is written."""
    entries = {}
    for name in builtin_names():
        path = rules_dir() / f"{name}.yaml"
        merged, _ = load_raw(str(path), _check_all=True)
        for problem in merged_problems(merged, _display(path)):
            raise problem.error()
        data = read_file(path)
        copy = json.loads(json.dumps(data))
        if copy != data or not _same_order(copy, data):  # a YAML date or a non-string key would not survive JSON
            raise PackError(f"内置规则包含有 JSON 无法表示的值：{path}", f"a built-in pack holds values JSON cannot: {path}")
        entries[path.name] = {"digest": pack_digest(path), "data": data}
    target = Path(__file__).resolve().parents[2] / "rules" / VALIDATED_FILE
    # key order kept: the order of parts (and of every mapping) is the pack's meaning
    target.write_text(json.dumps(entries, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _validated.cache_clear()
    return target


def locate_parent(parent_name: str, path: Path, source: str, search: Sequence[str | os.PathLike],
                  skip: frozenset[str]) -> Path:
    """The file ``extends`` names; an unknown one is an error at the key ``extends``."""
    try:
        return locate(parent_name, path.parent, search, skip)
    except PackError as exc:
        raise Problem(source, "extends", f"继承的规则包“{parent_name}”找不到：{exc.zh}",
                      f"the pack it extends, '{parent_name}', cannot be found: {exc.en}").error() from None


def mark_rules(data: dict[str, Any], source: str) -> dict[str, Any]:
    """Each rule tagged with the file and the position it was written at (for error messages)."""
    rules = [dict(rule, _file=source, _index=i, **({"_examples_at": (source, i)} if "examples" in rule else {}))
             for i, rule in enumerate(data.get("rules", []))]
    return {**data, "rules": rules}


def merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = {**parent, **{k: v for k, v in child.items() if k not in ("rules", "parts", "debris")}}
    merged["parts"] = {**parent.get("parts", {}), **child.get("parts", {})}
    merged["debris"] = {
        key: list(parent.get("debris", {}).get(key, [])) + list(child.get("debris", {}).get(key, []))
        for key in ("lines", "fragments", "tail")
    }
    rules = [dict(rule, _origin=rule.get("_origin", parent["id"])) for rule in parent.get("rules", [])]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    for rule in child.get("rules", []):
        if rule["id"] in index:
            position = index[rule["id"]]
            rules[position] = {**rules[position], **rule, "_origin": child["id"], "_overrides": True}
        else:
            index[rule["id"]] = len(rules)
            rules.append({**rule, "_origin": child["id"]})
    merged["rules"] = rules
    return merged


def _rule_where(raw: dict[str, Any], position: int) -> tuple[str | None, str]:
    """(file, key path) of a merged rule: where it was last written."""
    return raw.get("_file"), f"rules[{raw.get('_index', position)}]"


def merged_problems(data: dict[str, Any], source: str) -> list[Problem]:
    """What only shows once the chain is merged: incomplete rules, references to parts the
    pack does not define."""
    problems: list[Problem] = []
    parts = data.get("parts", {}) or {}
    for position, raw in enumerate(data.get("rules", [])):
        clean = {k: v for k, v in raw.items() if not k.startswith("_")}
        file, where = _rule_where(raw, position)
        file = file or source
        found = schema_problems(clean, file, prefix=where, which="rule")
        problems.extend(found)
        if found or clean.get("disabled"):
            continue
        for key in PART_REFERENCES:
            ref = clean.get(key)
            if ref and ref != "document" and ref not in parts:
                problems.append(Problem(file, f"{where}.{key}", f"未定义的部分“{ref}”（parts 中没有）",
                                        f"undefined part '{ref}' (not under parts)"))
        for index, ref in enumerate(clean.get("parts", []) if clean.get("kind") == "order" else []):
            if ref not in parts:
                problems.append(Problem(file, f"{where}.parts[{index}]", f"未定义的部分“{ref}”（parts 中没有）",
                                        f"undefined part '{ref}' (not under parts)"))
    return problems


def load(name_or_path: str = DEFAULT_PACK, search: Sequence[str | os.PathLike] = ()) -> Pack:
    """The pack, ready to evaluate. ``search``: the --pack-path folders."""
    prove_builtins()
    trust: list[bool] = []
    data, path = load_raw(name_or_path, search=search, _trust=trust)
    if not all(trust):  # a user's pack, or an edited built-in: the merged rules are checked too
        for problem in merged_problems(data, _display(path)):
            raise problem.error()
    return _freeze(data, path, known_types(search))


def doc_type(data: dict[str, Any], pack_name: str) -> DocType | None:
    """The DocType of a pack's ``detect:`` block, or None."""
    detect = data.get("detect")
    if not isinstance(detect, dict) or not data.get("document_type"):
        return None
    terms = [detect.get(key) or [] for key in ("title", "headings")]
    if not all(isinstance(t, list) and all(isinstance(x, str) for x in t) for t in terms):
        return None
    return DocType(id=str(data["document_type"]), pack=pack_name, name=str(detect.get("name") or data["document_type"]),
                   name_en=detect.get("name_en"), title_terms=tuple(terms[0]), heading_terms=tuple(terms[1]))


@lru_cache(maxsize=64)
def _peek_type(path: str, mtime: float) -> DocType | None:
    """The DocType a pack file declares, reading only its top-level id/document_type/detect
    keys (a whole pack takes ~10 ms to parse; `check` peeks at every pack it knows)."""
    try:
        text = _read_text(Path(path))
    except PackError:
        return None
    if "detect:" not in text:
        return None
    validated = validated_data(Path(path))
    if validated is not None:
        return doc_type(validated, Path(path).stem) if "detect" in validated else None
    from checker.judge import yaml_limits

    yaml, loader = _yaml()
    for source in (_top_level(text, ("id", "document_type", "detect")), text):
        try:
            data = yaml_limits.load(source, loader)
        except (yaml.YAMLError, yaml_limits.YamlLimitError):
            continue
        if isinstance(data, dict) and "detect" in data:
            return doc_type(data, Path(path).stem)
    return None


_TOP_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:")


def _top_level(text: str, keys: tuple[str, ...]) -> str:
    """The lines of the given top-level keys of a block-style YAML mapping."""
    kept, keep = [], False
    for line in text.splitlines():
        match = _TOP_KEY.match(line)
        if match:
            keep = match.group(1) in keys
        elif line[:1] not in ("", " ", "\t", "#", "-"):
            keep = False
        if keep:
            kept.append(line)
    return "\n".join(kept) + "\n"


def known_types(search: Sequence[str | os.PathLike] = ()) -> tuple[DocType, ...]:
    """The report types the packs in the --pack-path folders and the built-ins declare (the
    first pack declaring a type wins). A file that cannot be read is passed over here: it is
    reported when it is loaded."""
    types: dict[str, DocType] = {}
    for folder in [*search_folders(search), rules_dir()]:
        for path in sorted(folder.glob("*.y*ml")):
            found = _peek_type(str(path), path.stat().st_mtime) if path.suffix in (".yaml", ".yml") else None
            if found is not None:
                types.setdefault(found.id, found)
    return tuple(types.values())


def _freeze(data: dict[str, Any], path: Path, types: tuple[DocType, ...] = ()) -> Pack:
    rules: list[Rule] = []
    for raw in data.get("rules", []):
        clean = {k: v for k, v in raw.items() if not k.startswith("_")}
        if clean.get("disabled"):
            continue
        options = {k: v for k, v in clean.items() if k not in RULE_BASE_KEYS}
        rules.append(Rule(
            id=clean["id"], kind=clean["kind"], title=clean["title"], severity=Severity(clean["severity"]),
            weight=float(clean["weight"]), options=options, basis=clean.get("basis"), help=clean.get("help"),
            title_en=clean.get("title_en"), help_en=clean.get("help_en"),
            partial_credit=float(clean.get("partial_credit", 0.5)),
            examples=tuple(clean.get("examples", ())), origin=raw.get("_origin", data["id"]),
        ))
    parts = {
        part_id: Part(id=part_id, name=raw["name"], heading_terms=tuple(raw.get("heading", ())),
                      heading_patterns=tuple(raw.get("heading_patterns", ())),
                      exclude_terms=tuple(raw.get("exclude", ())), mention_terms=tuple(raw.get("mention", ())),
                      fallback=raw.get("fallback"), nested=bool(raw.get("nested", False)),
                      preface_terms=tuple(raw.get("preface_mention", ())), item_leads=bool(raw.get("item_leads", False)),
                      opens=tuple(raw.get("opens", ())))
        for part_id, raw in data.get("parts", {}).items()
    }
    grades = tuple(sorted((Grade(g["name"], g.get("name_en", g["name"]), float(g["min"])) for g in data.get("grades", [])),
                          key=lambda g: -g.min_score))
    debris = data.get("debris", {})
    spec = data.get("document")
    document = DocumentSpec(
        name=spec["name"], name_en=spec.get("name_en"), opening_terms=tuple(spec.get("opening", ())),
        review_terms=tuple(spec.get("review", ())),
        lookalikes=tuple(Lookalike(id=item["id"], name=item["name"], name_en=item.get("name_en"),
                                   title_terms=tuple(item.get("title", ())), opening_terms=tuple(item.get("opening", ())),
                                   parts=item.get("parts", "other"), pack=item.get("pack"), weak=bool(item.get("weak", False)))
                         for item in spec.get("lookalikes", ()))) if spec else None
    own = doc_type(data, data["id"])
    detectors = ((own,) if own else ()) + tuple(t for t in types if own is None or t.id != own.id)
    return Pack(id=data["id"], version=str(data["version"]), title=data["title"], rules=tuple(rules), parts=parts,
                grades=grades, pass_mark=float(data.get("pass_mark", 60)), debris=tuple(debris.get("lines", ())),
                inline_debris=tuple(debris.get("fragments", ())), tail_debris=tuple(debris.get("tail", ())), document_type=data.get("document_type", data["id"]),
                source=_display(path), extends=data.get("extends"), title_en=data.get("title_en"),
                basis=data.get("basis"), min_tool_version=data.get("min_tool_version"), detect=own,
                detectors=detectors, document=document,
                topics=tuple((name, tuple(terms)) for name, terms in (data.get("topics") or {}).items()),
                review_flags=tuple((f["rule"], f["name"], f.get("name_en") or f["name"])
                                   for f in (data.get("review") or {}).get("flags", ())),
                problem_words=ProblemWords(**{k: tuple(v) if isinstance(v, list) else v
                                              for k, v in (data.get("problems") or {}).items()}))


def main() -> None:  # python -m checker.judge.packs --write-schema
    import sys

    if sys.argv[1:] == ["--write-schema"]:
        target = Path(__file__).resolve().parents[2] / "rules" / SCHEMA_FILE
        target.write_text(json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(target)
        _schema_bytes.cache_clear()
        _schema.cache_clear()
        print(write_validated())  # the built-in packs, checked against the schema just written
    else:
        print("usage: python -m checker.judge.packs --write-schema")


if __name__ == "__main__":
    main()
