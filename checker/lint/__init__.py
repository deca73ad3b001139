"""`kefu lint`: quick-reply templates (快捷短语) checked against the rule base.

    loaders/   YAML, CSV (千牛 快捷短语 export) and Markdown template files -> Template
    engine.py  every message rule plus the template rules, waivers applied -> LintFinding
    report/    text, json, sarif, github, junit: one result model, many renderings
    runner.py  wiring for the CLI

This package's __init__ imports nothing: the template kinds (checker/kinds/template_*)
import its model while the policy loader is still importing them.
"""
