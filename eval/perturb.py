"""`make eval-perturb`: do the rules read a class of language, or only the sentences they were shown?

    .venv/bin/python eval/perturb.py [--labels FILE ...] [--data DIR] [--show NAME] [--limit N]

Takes every hand-labelled real agent message (eval/devset.tsv and the held-out rounds over
../shared/data by default) and rewrites it in ways a reviewer would not judge differently:
another sentence-final particle, an address word (亲 / 亲爱的) added or dropped, the JD export's
emoticon code, 你 for 您, spaces for commas, another self-reference (这边 / 我们这边 / 小妹), a
synonym of a refusal word or of a party. Each variant is checked in its own chat, and compared
with what the rules found on the message as written:
- lost: a labelled violation the rules found, no longer found on the variant (a recall leak);
- gained: a finding on a message labelled clean, which the rules did not make as written (a false alarm).
A rule that reads the class keeps both at zero. Prints a table per rewrite, then (with --show)
the cases of one rewrite with their text (terminal only: no chat text is written anywhere).
A measurement, not a gate: exits 0; skips (exit 0) when the real-chat data is absent.
"""
from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from pathlib import Path

from checker.engine import Engine
from checker.norms import MESSAGE_LEVEL
from checker.policy import load_policy

from common import DATA, HERE, ROOT, data_path, read_tsv
from devscore import parse_norms
from run_eval import load_transcripts

DEFAULT_LABELS = ["devset.tsv"] + [f"heldout{n}.tsv" for n in ("", 2, 3, 4, 5, 6, 7)]
_END = re.compile(r"[。.!！~～\s]*$")
_PARTICLE = re.compile(r"(的哦|的呢|的哈|的呀|的啦|哦|呢|哈|(?<!亲爱)哒|啦|呀|啊|哟|嘛)$")
_MODAL = re.compile(r"(?<=[^\s])(?<!亲爱)[哦呢哈哒啦呀啊哟嘛]$")      # one modal particle (的 stays: 我们应该的)
_SWAP = {"哦": "呢", "呢": "哦", "哈": "哦", "哒": "哦", "啦": "哦", "呀": "哦", "啊": "哦", "哟": "哦", "嘛": "哦",
         "的哦": "的呢", "的呢": "的哦", "的哈": "的哦", "的呀": "的哦", "的啦": "的哦"}
_ADDRESS = re.compile(r"^(亲爱的|亲亲|亲|您好)[，,。！!~～\s]*")
_QUESTION = re.compile(r"[?？吗么]\s*$")


def _tail(text: str) -> tuple[str, str]:
    """The text without its closing punctuation, and that punctuation."""
    end = _END.search(text)
    return text[:end.start()], text[end.start():]


def final_particle(text: str) -> str | None:
    body, punct = _tail(text)
    if not body or _QUESTION.search(body):
        return None
    found = _PARTICLE.search(body)
    if found:
        return body[:found.start()] + _SWAP[found.group(1)] + punct
    if re.search(r"[吧了亲爱哒a-z0-9\]]$", body):     # 明天吧哦, 亲爱哒哦, a product title: nobody writes these
        return None
    return body + "哦" + punct


def drop_particle(text: str) -> str | None:
    body, _ = _tail(text)
    found = _MODAL.search(body)
    return body[:found.start()] if found else None


def address_word(text: str) -> str | None:
    found = _ADDRESS.match(text)
    if found:
        return text[found.end():] or None
    return "亲爱的，" + text


def address_suffix(text: str) -> str | None:
    body, punct = _tail(text)
    if not body or _QUESTION.search(body) or body.endswith("亲"):
        return None
    return body + "亲" + punct


def emoticon(text: str) -> str | None:
    return text + "#E-s[数字x]"


def pronoun(text: str) -> str | None:
    return text.replace("您", "你") if "您" in text else None


def comma_space(text: str) -> str | None:
    if re.search(r"[，,]", text):
        return re.sub(r"\s*[，,]\s*", "  ", text)
    spaced = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "，", text)
    return spaced if spaced != text else None


def self_reference(text: str) -> str | None:
    for old, new in (("小妹这边", "这边"), ("我们这边", "这边"), ("我这边", "这边"), ("这边", "我们这边"), ("小妹", "我")):
        if old in text:
            return text.replace(old, new, 1)
    return None


_SYNONYMS = (("没有办法", "没办法"), ("没办法", "没有办法"), ("不可以", "不能"), ("无法", "不能"), ("不能", "无法"),
             ("卖家", "商家"), ("商家", "卖家"), ("配送员", "快递员"), ("快递员", "配送员"), ("配送师傅", "快递小哥"),
             ("快递小哥", "配送师傅"), ("不支持", "不能支持"), ("不清楚", "不太清楚"))


def synonym(text: str) -> str | None:
    for old, new in _SYNONYMS:
        if old in text and not (old == "不能" and re.search("能不能|不能不", text)):
            return text.replace(old, new, 1)
    return None


_CUTE = (("好的", "好滴"), ("好滴", "好的"), ("好哒", "好的"), ("是的", "是滴"), ("是滴", "是的"), ("是哒", "是的"),
         ("可以的", "可以滴"), ("可以滴", "可以的"), ("可以哒", "可以的"), ("对的", "对滴"), ("对滴", "对的"), ("不会的", "不会滴"))


def cute_spelling(text: str) -> str | None:
    for old, new in _CUTE:
        if old in text:
            return text.replace(old, new, 1)
    return None


def tilde(text: str) -> str | None:
    body, punct = _tail(text)
    return body + "~" if body and not _QUESTION.search(body) and punct.strip() in ("", "。", ".", "!", "！") else None


def nickname(text: str) -> str | None:
    return text.replace("小妹", "小美", 1) if "小妹" in text else None


def _first(text: str, swaps) -> str | None:
    for old, new in swaps:
        if old in text:
            return text.replace(old, new, 1)
    return None


def temporarily(text: str) -> str | None:
    found = re.search(r"(?<![暂目现时还能])(不支持|不能|无法|没办法|不可以)(?!不)", text)
    return text[:found.start()] + "暂时" + text[found.start():] if found else None


_REFERRAL = re.compile(r"(?<![帮为给替])(?<=您)((?:可以|需要|再次|直接|自行|先|再)?)(联系|咨询)")


def referral_verb(text: str) -> str | None:
    """您(可以)联系 X <-> 您(可以)咨询 X: the customer sent to ask a party (联系您 is another thing)."""
    found = _REFERRAL.search(text)
    if not found:
        return None
    verb = "咨询" if found.group(2) == "联系" else "联系"
    return text[:found.start(2)] + verb + text[found.end(2):]


def suggestion(text: str) -> str | None:
    return _first(text, (("建议您可以", "您可以"), ("建议您", "您可以"), ("您可以", "建议您"), ("还请您", "建议您"), ("麻烦您", "还请您")))


def guess_word(text: str) -> str | None:
    return _first(text, (("有可能", "估计"), ("可能性", "可能性"), ("可能", "估计"), ("估计", "可能"), ("好像", "可能")))


def question_particle(text: str) -> str | None:
    """The customer's yes/no question with 么 for 吗 (or 吗 for 么), as JD customers write both."""
    found = re.search(r"(吗|么)(?=[?？\s]*$)", text)
    if not found or (found.group(1) == "么" and re.search(r"[什怎那这多要]么[?？\s]*$", text)):
        return None
    return text[:found.start()] + ("么" if found.group(1) == "吗" else "吗") + text[found.end():]


def question_mark(text: str) -> str | None:
    """The customer's question with its question mark dropped, or one added to a question that has none."""
    if re.search(r"[?？]\s*$", text):
        return re.sub(r"[?？]+\s*$", "", text) or None
    return text + "?" if re.search(r"(吗|么|呢|不)\s*$", text) else None


def customer_hello(text: str) -> str | None:
    return None if re.match(r"\s*(你好|您好|在吗)", text) else "你好 " + text


CUSTOMER_SIDE = {"question_particle", "question_mark", "customer_hello"}

REWRITES = {            # name: (what it does, in Chinese for the table, the rewrite)
    "final_particle": ("句末语气词换一个或补上「哦」", final_particle),
    "drop_particle": ("去掉句末语气词", drop_particle),
    "address_word": ("句首加上或去掉「亲爱的」", address_word),
    "address_suffix": ("句末加「亲」", address_suffix),
    "emoticon": ("句末加咚咚表情代码", emoticon),
    "pronoun": ("「您」改成「你」", pronoun),
    "comma_space": ("逗号与空格互换", comma_space),
    "self_reference": ("换一种自称（这边/我们这边/小妹）", self_reference),
    "synonym": ("换一个同义的拒绝词或对象词", synonym),
    "cute_spelling": ("好的/是的/可以的 写成 好滴/是滴/可以滴", cute_spelling),
    "tilde": ("句末标点换成「~」", tilde),
    "nickname": ("「小妹」换成客服的昵称「小美」", nickname),
    "temporarily": ("拒绝词前加「暂时」", temporarily),
    "referral_verb": ("联系/咨询/找 互换", referral_verb),
    "suggestion": ("建议您/您可以/还请您 互换", suggestion),
    "guess_word": ("可能/估计/好像 互换", guess_word),
    "question_particle": ("顾客问句的「吗」与「么」互换", question_particle),
    "question_mark": ("顾客问句去掉或补上问号", question_mark),
    "customer_hello": ("顾客那句前加「你好」", customer_hello),
}


def found_norms(engine, transcript, index: int) -> set[str]:
    result = engine.check(transcript, conversation=False)
    return {f.norm for f in result.findings if f.message == index and f.norm in MESSAGE_LEVEL}


def with_text(transcript, index: int, text: str):
    messages = list(transcript.messages)
    messages[index] = replace(messages[index], text=text)
    return replace(transcript, messages=messages)


def rewritten_at(name: str, transcript, index: int) -> int | None:
    """Which message a rewrite changes: the agent message itself, or (customer-side rewrites) the
    customer's last message before it, if the agent has not spoken since."""
    if name not in CUSTOMER_SIDE:
        return index
    for position in range(index - 1, -1, -1):
        role = transcript.messages[position].role
        if role == "customer":
            return position
        if role == "agent":
            return None
    return None


def measure(engine, transcripts, gold, names):
    """name -> {"tried", "violations", "lost", "clean", "gained", "cases"}."""
    table = {name: {"tried": 0, "violations": 0, "lost": 0, "clean": 0, "gained": 0, "cases": []} for name in names}
    for key, labelled in sorted(gold.items()):
        transcript = transcripts.get(key[:2])
        if transcript is None or key[2] >= len(transcript.messages):
            continue
        message = transcript.messages[key[2]]
        if message.role != "agent":
            continue
        as_written = found_norms(engine, transcript, key[2])
        for name in names:
            at = rewritten_at(name, transcript, key[2])
            variant = None if at is None else REWRITES[name][1](transcript.messages[at].text)
            if not variant or variant == transcript.messages[at].text:
                continue
            row = table[name]
            row["tried"] += 1
            now = found_norms(engine, with_text(transcript, at, variant), key[2])
            kept = as_written & labelled
            row["violations"] += len(kept)
            row["clean"] += not labelled and not as_written
            lost = kept - now
            gained = (now - as_written) - labelled if not labelled else set()
            row["lost"] += len(lost)
            row["gained"] += len(gained)
            if lost or gained:
                row["cases"].append((key, transcript.messages[at].text, variant, sorted(lost), sorted(gained)))
    return table


def read_gold(paths, datasets) -> dict[tuple, set[str]]:
    gold: dict[tuple, set[str]] = {}
    for path in paths:
        for row in read_tsv(path):
            if row["dataset"] in datasets:
                key = (row["dataset"], row["transcript"], int(row["index"]))
                gold[key] = gold.get(key, set()) | set(parse_norms(row["norms"]))
    return gold


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="改写真实客服消息（不改变评审结论的写法变化），看规则的结论是否跟着变")
    parser.add_argument("--labels", type=Path, action="append", help="消息级标注文件（可重复；默认开发集与第一至七轮留出集）")
    parser.add_argument("--data", type=Path, default=DATA, help="真实对话数据目录")
    parser.add_argument("--rewrite", choices=sorted(REWRITES), action="append", help="只做这种改写（可重复）")
    parser.add_argument("--show", choices=sorted(REWRITES), help="列出这种改写下结论变了的消息（只打印到终端）")
    parser.add_argument("--limit", type=int, default=60, help="--show 最多列出几条（默认 60）")
    args = parser.parse_args(argv)
    paths = args.labels or [HERE / name for name in DEFAULT_LABELS]
    datasets = {"jddc", "ecd", "jddcx", "jddc19dev"}
    gold = read_gold(paths, datasets)
    present = {d for d in {k[0] for k in gold} if data_path(d, args.data).exists()}
    if not present:
        print(f"跳过：找不到真实对话数据 {args.data}（见 ../shared/data/README.md）")
        return 0
    gold = {k: v for k, v in gold.items() if k[0] in present}
    transcripts = load_transcripts(args.data, {k[:2] for k in gold})
    engine = Engine(load_policy(ROOT / "policies"))
    names = args.rewrite or list(REWRITES)
    table = measure(engine, transcripts, gold, names)
    print(f"改写测量：{len(gold)} 条已标注的真实客服消息（{', '.join(sorted(present))}）")
    print(f"{'改写':<16}{'适用':>6}{'已查出的违规':>10}{'丢失':>6}{'标注无违规且未报':>14}{'新增误报':>8}  说明")
    for name in names:
        row = table[name]
        print(f"{name:<16}{row['tried']:>6}{row['violations']:>14}{row['lost']:>8}{row['clean']:>18}{row['gained']:>10}"
              f"  {REWRITES[name][0]}")
    lost = sum(r["lost"] for r in table.values())
    gained = sum(r["gained"] for r in table.values())
    print(f"合计：丢失 {lost}，新增误报 {gained}")
    if args.show:
        for key, text, variant, lost_norms, gained_norms in table[args.show]["cases"][:args.limit]:
            what = ("丢失 " + ",".join(lost_norms)) if lost_norms else ("新增 " + ",".join(gained_norms))
            print(f"- {key[1]}#{key[2]} {what}\n    原文：{text}\n    改写：{variant}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
