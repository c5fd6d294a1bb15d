"""Pack authoring: what `fzcheck rules list | explain | validate | test` compute.

Pure: every function returns data (rows, problems, example results) and raises PackError when a
pack cannot be loaded at all; checker/commands/rules.py prints and picks the exit status.

* ``explain.rule_rows`` — the rules of a pack with where each comes from: its own, inherited
  from the pack it extends, overridden there, or disabled;
* ``explain.explain`` — one rule: title, basis, help, kind, options and its own examples;
* ``validate.validate`` — every problem of a pack file and the files it extends: schema, repeated
  ids, unknown ``extends``, references to undefined parts, regexes that do not compile or risk
  catastrophic backtracking (``regex_screen``), a zero total weight, a tool too old; each with
  file and key path;
* ``examples.run_examples`` — every rule's embedded ``examples``, each text checked as a small
  document with the pack, the rule's status compared with ``expect``;
* ``kinds_doc`` — the section of docs/packs.md on the rule kinds
  (``python -m checker.authoring --kinds-doc``).
"""
