"""Rule packs: load YAML → validate (JSON Schema) → resolve ``extends`` → frozen Pack.

A pack is found by name (a built-in pack shipped in ``rules/``) or by path. ``extends``
names a pack the same way (a path is taken relative to the extending file). A rule with an
id the parent already has is merged over the parent's rule key by key (so a province can
change just a weight), and ``disabled: true`` removes it.

The schema file ``rules/pack.schema.json`` is generated from the rule kinds' OPTIONS by
``python -m checker.packs --write-schema`` (a test keeps it up to date), so a kind's options
are written once, in its module.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from checker.errors import PackError
from checker.model import Grade, Pack, Part, Rule, Severity

DEFAULT_PACK = "fazhi"
SCHEMA_FILE = "pack.schema.json"

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


def rules_dir() -> Path:
    """Where the built-in packs are: the installed checker.rules package, or the source tree."""
    try:
        from importlib.resources import files

        path = Path(str(files("checker.rules")))
        if (path / f"{DEFAULT_PACK}.yaml").exists():
            return path
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parent.parent / "rules"


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
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://fazhi-checker.invalid/pack.schema.json",
        "title": "fazhi-checker rule pack",
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "version", "title"],
        "properties": {
            "id": {"type": "string", "pattern": r"^[a-z][a-z0-9_-]*$"},
            "version": {"type": "string"},
            "title": {"type": "string"},
            "title_en": {"type": "string"},
            "document_type": {"type": "string"},
            "basis": {"type": "string"},
            "min_tool_version": {"type": "string"},
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
                "properties": {"lines": string_list, "fragments": string_list},
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


def _validator(schema: dict[str, Any]):
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema)


def _format_path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top)"


def _validate(data: Any, schema: dict[str, Any], source: str, prefix: str = "") -> None:
    from jsonschema.exceptions import best_match

    errors = list(_validator(schema).iter_errors(data))
    if not errors:
        return
    error = best_match(errors)
    # Point at the deepest, most specific error (an unknown key inside a rule, say).
    while error.context:
        error = best_match(error.context)
    where = _format_path(list(error.absolute_path))
    if prefix:
        where = prefix if where == "(top)" else f"{prefix}.{where}" if not where.startswith("[") else prefix + where
    raise PackError(f"规则包无效：{source}：{where}：{error.message}",
                    f"invalid pack: {source}: {where}: {error.message}")


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError(f"找不到规则包：{path}", f"pack not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(f"无法读取规则包：{path}（{exc}）", f"cannot read pack: {path} ({exc})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第{mark.line + 1}行" if mark else ""
        where_en = f"line {mark.line + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PackError(f"规则包 YAML 格式错误：{path}：{where}：{problem}",
                        f"invalid YAML in pack: {path}: {where_en}: {problem}") from None
    if not isinstance(data, dict):
        raise PackError(f"规则包无效：{path}：顶层应为映射（键: 值）", f"invalid pack: {path}: the top level must be a mapping")
    return data


def locate(name_or_path: str, relative_to: Path | None = None) -> Path:
    """A pack file from a built-in name ("fazhi") or a path."""
    candidate = Path(name_or_path)
    if relative_to is not None and not candidate.is_absolute():
        near = relative_to / candidate
        if near.suffix in (".yaml", ".yml") and near.exists():
            return near
    if candidate.suffix in (".yaml", ".yml") or os.sep in name_or_path or candidate.exists():
        if candidate.exists():
            return candidate
        raise PackError(f"找不到规则包文件：{name_or_path}", f"pack file not found: {name_or_path}")
    builtin = rules_dir() / f"{name_or_path}.yaml"
    if builtin.exists():
        return builtin
    available = ", ".join(builtin_names())
    raise PackError(f"没有名为“{name_or_path}”的规则包（内置：{available}）",
                    f"no pack named '{name_or_path}' (built-in: {available})")


def builtin_names() -> list[str]:
    return sorted(p.stem for p in rules_dir().glob("*.yaml"))


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_raw(name_or_path: str, relative_to: Path | None = None, _seen: tuple[str, ...] = ()) -> tuple[dict[str, Any], Path]:
    """The pack's data with its ``extends`` chain merged in, validated at each step."""
    path = locate(name_or_path, relative_to)
    key = str(path.resolve())
    if key in _seen:
        raise PackError(f"规则包循环继承：{_display(path)}", f"pack extends itself in a cycle: {_display(path)}")
    data = _read_yaml(path)
    schema = _schema()
    _validate(data, schema, _display(path))
    parent_name = data.get("extends")
    if parent_name:
        parent, _ = load_raw(parent_name, path.parent, _seen + (key,))
        data = merge(parent, data)
    return data, path


def merge(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    merged = {**parent, **{k: v for k, v in child.items() if k not in ("rules", "parts", "debris")}}
    merged["parts"] = {**parent.get("parts", {}), **child.get("parts", {})}
    merged["debris"] = {
        key: list(parent.get("debris", {}).get(key, [])) + list(child.get("debris", {}).get(key, []))
        for key in ("lines", "fragments")
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


def load(name_or_path: str = DEFAULT_PACK) -> Pack:
    data, path = load_raw(name_or_path)
    return _freeze(data, path)


def _freeze(data: dict[str, Any], path: Path) -> Pack:
    from checker.kinds import KINDS

    source = _display(path)
    schema = _schema()
    complete = {**schema, "$ref": "#/$defs/complete_rule"}
    complete.pop("required", None)
    complete.pop("properties", None)
    complete.pop("additionalProperties", None)
    complete.pop("type", None)
    rules: list[Rule] = []
    seen: set[str] = set()
    for position, raw in enumerate(data.get("rules", [])):
        clean = {k: v for k, v in raw.items() if not k.startswith("_")}
        _validate(clean, complete, source, prefix=f"rules[{position}]")
        if clean.get("disabled"):
            continue
        if clean["id"] in seen:
            raise PackError(f"规则包无效：{source}：rules[{position}].id：规则编号“{clean['id']}”重复",
                            f"invalid pack: {source}: rules[{position}].id: duplicate rule id '{clean['id']}'")
        seen.add(clean["id"])
        options = {k: v for k, v in clean.items() if k not in RULE_BASE_KEYS}
        kind = KINDS[clean["kind"]]
        for key in ("part", "scope"):
            ref = options.get(key)
            if ref and ref != "document" and ref not in data.get("parts", {}):
                raise PackError(f"规则包无效：{source}：rules[{position}].{key}：未定义的部分“{ref}”",
                                f"invalid pack: {source}: rules[{position}].{key}: undefined part '{ref}'")
        del kind
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
                      fallback=raw.get("fallback"), nested=bool(raw.get("nested", False)))
        for part_id, raw in data.get("parts", {}).items()
    }
    grades = tuple(sorted((Grade(g["name"], g.get("name_en", g["name"]), float(g["min"])) for g in data.get("grades", [])),
                          key=lambda g: -g.min_score))
    debris = data.get("debris", {})
    return Pack(id=data["id"], version=str(data["version"]), title=data["title"], rules=tuple(rules), parts=parts,
                grades=grades, pass_mark=float(data.get("pass_mark", 60)), debris=tuple(debris.get("lines", ())),
                inline_debris=tuple(debris.get("fragments", ())), document_type=data.get("document_type", data["id"]),
                source=source, extends=data.get("extends"))


def main() -> None:  # python -m checker.packs --write-schema
    import sys

    if sys.argv[1:] == ["--write-schema"]:
        target = Path(__file__).resolve().parent.parent / "rules" / SCHEMA_FILE
        target.write_text(json.dumps(build_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(target)
    else:
        print("usage: python -m checker.packs --write-schema")


if __name__ == "__main__":
    main()
