#!/usr/bin/env python3
"""Benchmark for `kefu lint`: 10,000 quick-reply templates in each input format.

1. Writes 10,000 synthetic templates (unique codes, 8 groups, about 5 % carrying a
   problem: a curt refusal, an unknown or broken placeholder, a campaign past its expiry,
   a welcome without a greeting) as YAML, as a 千牛 CSV export and as Markdown, into a
   temporary directory (or bench/out/lint with --keep).
2. Runs `kefu lint FILE --format json --fail-on never` in a child process for each file,
   best of --repeat runs, and a start-up run on a one-template file; "work" is the full
   run minus start-up (interpreter, imports, rule base, engine set-up).
3. Checks from the JSON report that every template was linted.

Standard library only. Usage: python bench/lint_bench.py [--templates N] [--repeat R] [--keep]
"""
from __future__ import annotations

import argparse
import csv
import json
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-20"

GROUPS = ["欢迎语", "售前", "售后", "物流", "活动", "尺码", "发票", "催付"]
PRODUCTS = ["四件套", "乳胶枕", "羽绒被", "蚕丝被", "遮光窗帘", "保温杯", "电热水壶", "加湿器", "收纳箱", "台灯"]
CLEAN = [
    "亲，您好，欢迎光临小店！这款{p}现在有货哦，有什么可以帮您？",
    "亲，{p}一般付款后48小时内发货，发货后会有物流信息提醒您哦~",
    "您好，{买家昵称}，您的订单{订单号}已经发货啦，由{物流公司}配送，请注意查收~",
    "亲，收到{p}七天内可以申请无理由退货，商品不影响二次销售即可哦。",
    "亲，{p}的尺寸在详情页第三张图有标注，您可以先量一下再选择哦~",
    "抱歉亲，这款{p}暂时没有现货了，我帮您登记到货提醒好吗？",
    "亲，发票可以在订单页申请开具，电子发票会在确认收货后发送到您的邮箱哦。",
    "亲，您的订单还没有付款呢，{p}库存不多了，需要帮您保留吗？",
]
PROBLEMS = [
    ("text", "不行哦，这个{p}没办法退"),                              # harsh language
    ("text", "亲爱的{顾客名}，您的{p}已发货"),                         # unknown placeholder
    ("text", "您的订单{订单号已发货，请注意查收"),                     # malformed placeholder
    ("campaign", "双11活动期间{p}满300减30，活动截止11月11日哦"),      # expired campaign
    ("welcome", "请问要买什么？{p}直接拍下即可"),                      # welcome without greeting
]


def make_templates(count: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        p = rng.choice(PRODUCTS)
        entry = {"code": f"k{i:05d}", "group": GROUPS[i % len(GROUPS)]}
        if rng.random() < 0.05:
            what, text = rng.choice(PROBLEMS)
            if what == "campaign":
                entry["expires"] = "2026-11-11"
            elif what == "welcome":
                entry["kind"] = "welcome"
        else:
            text = rng.choice(CLEAN)
            if entry["group"] == "欢迎语":
                entry["kind"] = "welcome"
        entry["text"] = text.replace("{p}", p) + f"（{i}）"
        out.append(entry)
    return out


def write_yaml(templates: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for t in templates:
            fh.write(f"- code: {t['code']}\n  group: {t['group']}\n")
            if "kind" in t:
                fh.write(f"  kind: {t['kind']}\n")
            if "expires" in t:
                fh.write(f"  expires: {t['expires']}\n")
            fh.write(f"  text: \"{t['text']}\"\n")


def write_csv(templates: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["快捷编码", "短语内容", "分组", "类型", "有效期至"])
        for t in templates:
            kind = {"welcome": "欢迎语"}.get(t.get("kind", ""), "")
            writer.writerow([t["code"], t["text"], t["group"], kind, t.get("expires", "")])


def write_markdown(templates: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for group in GROUPS:
            fh.write(f"# {group}\n\n")
            for t in templates:
                if t["group"] != group:
                    continue
                attrs = " ".join(f"{k}={t[k]}" for k in ("kind", "expires") if k in t)
                comment = f" <!-- kefu: {attrs} -->" if attrs else ""
                fh.write(f"- `{t['code']}` {t['text']}{comment}\n")
            fh.write("\n")


def run(path: Path) -> tuple[float, dict]:
    cmd = [sys.executable, "-m", "checker.cli", "lint", str(path), "--format", "json",
           "--fail-on", "never", "--as-of", AS_OF]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"kefu lint exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    return elapsed, json.loads(proc.stdout)


def best(path: Path, repeat: int) -> tuple[float, dict]:
    runs = [run(path) for _ in range(repeat)]
    return min(r[0] for r in runs), runs[0][1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--templates", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--keep", action="store_true", help="write into bench/out/lint and keep the files")
    args = ap.parse_args()

    work = ROOT / "bench" / "out" / "lint" if args.keep else Path(tempfile.mkdtemp(prefix="kefu-lint-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        templates = make_templates(args.templates, args.seed)
        files = {"yaml": work / "templates.yaml", "csv": work / "templates.csv", "markdown": work / "templates.md"}
        write_yaml(templates, files["yaml"])
        write_csv(templates, files["csv"])
        write_markdown(templates, files["markdown"])
        tiny = work / "one.yaml"
        write_yaml(templates[:1], tiny)

        startup, _ = best(tiny, args.repeat)
        print(f"kefu lint benchmark: {args.templates:,} templates per file, best of {args.repeat}, "
              f"Python {platform.python_version()} on {platform.machine()}")
        print(f"start-up (one template): {startup:.2f} s")
        print(f"{'format':<10}{'wall s':>8}{'work s':>8}{'templates/s':>13}{'findings':>10}")
        for name, path in files.items():
            wall, report = best(path, args.repeat)
            linted = report["summary"]["templates"]
            if linted != args.templates or report["errors"]:
                sys.exit(f"{name}: linted {linted} of {args.templates} templates, errors {report['errors'][:3]}")
            work_s = max(wall - startup, 1e-9)
            print(f"{name:<10}{wall:>8.2f}{work_s:>8.2f}{args.templates / work_s:>13,.0f}"
                  f"{report['summary']['findings']:>10,}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
