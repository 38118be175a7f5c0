#!/usr/bin/env python3
"""Compares `classify --format jsonl` output of two builds block by block.

Usage: scripts/compare-rule-output.py OLD.jsonl NEW.jsonl

Every label must be identical, and every field of every block too, except on
blocks whose label a page rule set: there NEW may show `"probability": null`
and the rule's name (`"rule"`), which the build before named rules did not.
Prints the blocks per rule and exits 1 on any other difference.
"""
import json
import sys
from collections import Counter

old_path, new_path = sys.argv[1:3]
with open(old_path) as f:
    old_lines = f.read().splitlines()
with open(new_path) as f:
    new_lines = f.read().splitlines()
problems = []
if len(old_lines) != len(new_lines):
    problems.append(f"{len(old_lines)} lines against {len(new_lines)}")
rules = Counter()
blocks = 0
for n, (old_line, new_line) in enumerate(zip(old_lines, new_lines), 1):
    if old_line == new_line:
        blocks += len(json.loads(old_line).get("blocks", []))
        continue
    old, new = json.loads(old_line), json.loads(new_line)
    old_blocks, new_blocks = old.pop("blocks", []), new.pop("blocks", [])
    if old != new or len(old_blocks) != len(new_blocks):
        problems.append(f"line {n}: the document differs beyond its blocks")
        continue
    for a, b in zip(old_blocks, new_blocks):
        blocks += 1
        rule = b.pop("rule", None)
        if rule is not None:
            rules[rule] += 1
            if b["probability"] is not None:
                problems.append(f"line {n} block {b['index']}: rule {rule} with a probability")
            a.pop("probability")
            b.pop("probability")
        if a != b:
            problems.append(f"line {n} block {a['index']}: {a} -> {b}")
print(f"{new_path}: {blocks} blocks, labels identical: {not problems}, "
      f"set by a rule: {sum(rules.values())} ({', '.join(f'{r} {c}' for r, c in sorted(rules.items())) or 'none'})")
for p in problems[:20]:
    print("  " + p)
sys.exit(1 if problems else 0)
