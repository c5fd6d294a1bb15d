"""Built-in rule packs (YAML) and their JSON Schema; installed as checker.rules."""
