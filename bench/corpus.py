"""A seeded synthetic corpus of reports in zh-Hans and en, with labelled near-duplicate groups.

Each group is one original report and copies made by the edits real people make, one or two at a
time (issue 9): a truncated copy (80-95%), one inserted sentence, a prefix ("再次举报：" /
"Again: "), one or two swapped neighbouring characters or words, one to four dropped characters,
full-width digits and punctuation. Every other report is built from the same vocabulary (same
topics, places and acts), so unrelated reports on the same topic are plentiful; like real ones,
they differ in their specifics (a name, an address, a time on the clock, a car, clothes: 0-2 per
sentence, bench/corpus_words.py). Without those, long English reports of the same few hundred
phrases shared 30-45 % of their shingles (docs/performance.md, "Precision at 20,000").

    .venv/bin/python bench/corpus.py --size 2000   # prints a summary
"""

import argparse
import random
from dataclasses import dataclass

from corpus_words import EN, ZH

FULL_WIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


@dataclass
class Doc:
    id: int
    lang: str
    text: str
    group: int | None  # same number = near-duplicates of one another


def _fill(rng: random.Random, words: dict, template: str) -> str:
    return template.format(
        plate=f"{rng.choice('京沪粤苏浙')}{rng.choice('ABCDE')}{rng.randint(10000, 99999)}",
        n=rng.randint(2, 30),
        phone=f"1{rng.randint(3, 9)}{rng.randint(100000000, 999999999)}",
        dir=rng.choice(words["dirs"]),
        hour=rng.randint(1, 12),
        minute=f"{rng.randrange(0, 60, 5):02d}",
        height=rng.randint(55, 90),
        **{k: rng.choice(words[k]) for k in ("surname", "given", "road", "street")},
        **{k: rng.choice(words[k]) for k in ("colour", "make", "garment", "shop")},
    )


def sentence(rng: random.Random, lang: str, specifics: bool = True) -> str:
    words = ZH if lang == "zh" else EN
    when, who, where, act = (
        f"{rng.choice(words[k][0])}{' ' * (lang == 'en')}{rng.choice(words[k][1])}".strip()
        if k in ("when", "act")
        else rng.choice(words[k][0]) + rng.choice(words[k][1])
        for k in ("when", "who", "where", "act")
    )
    if lang == "zh":
        body = when + who + where + act
    else:
        body = f"{who[0].upper()}{who[1:]} {act} {where} {when}"
    clauses = [rng.choice(words["detail"])]
    clauses += rng.sample(words["specific"], rng.randint(0, 2) if specifics else 0)
    return body + "".join(words["comma"] + _fill(rng, words, c) for c in clauses) + words["sep"]


def report_text(rng: random.Random, lang: str, min_chars: int = 30, max_chars: int = 500) -> str:
    target = rng.randint(min_chars, max_chars)
    text = sentence(rng, lang)
    while len(text) < target:
        more = sentence(rng, lang)
        if len(text) + len(more) > max_chars:
            break
        text += more
    return text.strip()


# The edits, each text -> text.
def truncate(rng, text, lang):
    return text[: max(1, round(len(text) * rng.uniform(0.80, 0.95)))]


def insert_sentence(rng, text, lang):
    sep = ZH["sep"] if lang == "zh" else EN["sep"].strip()
    cuts = [i + 1 for i, ch in enumerate(text) if ch == sep[-1]][:-1] or [len(text)]
    at = rng.choice(cuts)
    # The sentence a reporter adds is of the original corpus's kind (no specifics clauses), so
    # the edit is the same one the threshold was chosen against.
    added = sentence(rng, lang, specifics=False).strip()
    return (text[:at] + " " * (lang == "en") + added + text[at:]).strip()


def prefix(rng, text, lang):
    return (ZH if lang == "zh" else EN)["prefix"] + text


def swap(rng, text, lang):
    for _ in range(rng.randint(1, 2)):
        if lang == "zh":
            i = rng.randrange(len(text) - 1)
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        else:
            words = text.split(" ")
            i = rng.randrange(max(1, len(words) - 1))
            words[i : i + 2] = words[i : i + 2][::-1]
            text = " ".join(words)
    return text


def drop(rng, text, lang):
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(text))
        text = text[:i] + text[i + 1 :]
    return text


def full_width(rng, text, lang):
    return "".join(FULL_WIDTH.get(ch, ch) if ch != " " else ch for ch in text)


EDITS = [truncate, insert_sentence, prefix, swap, drop, full_width]


def variant(rng: random.Random, text: str, lang: str) -> str:
    for edit in rng.sample(EDITS, rng.randint(1, 2)):
        text = edit(rng, text, lang)
    return text


def stream(size: int, *, seed: int = 9, group_share: float = 0.3, group_size=(2, 5)):
    """`size` docs, one at a time (a million do not fit comfortably in memory at once); about
    `group_share` of them belong to near-duplicate groups, whose members come together."""
    rng = random.Random(seed)
    made, group = 0, 0
    while made < size:
        lang = rng.choice(("zh", "en"))
        base = report_text(rng, lang)
        if rng.random() < group_share:
            group += 1
            members = [base] + [
                variant(rng, base, lang) for _ in range(rng.randint(*group_size) - 1)
            ]
            for text in members[: size - made]:
                yield Doc(made, lang, text, group)
                made += 1
        else:
            yield Doc(made, lang, base, None)
            made += 1


def generate(size: int, **kwargs) -> list[Doc]:
    return list(stream(size, **kwargs))


def labelled_pairs(docs: list[Doc]) -> set[tuple[int, int]]:
    by_group: dict[int, list[int]] = {}
    for doc in docs:
        if doc.group is not None:
            by_group.setdefault(doc.group, []).append(doc.id)
    return {(a, b) for ids in by_group.values() for a in ids for b in ids if a < b}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    docs = generate(args.size, seed=args.seed)
    lengths = sorted(len(d.text) for d in docs)
    print(f"{len(docs)} reports, {len(labelled_pairs(docs))} labelled near-duplicate pairs")
    print(f"length min/median/max: {lengths[0]}/{lengths[len(lengths) // 2]}/{lengths[-1]}")
    for doc in docs[:6]:
        print(doc.lang, doc.group, doc.text[:90])


if __name__ == "__main__":
    main()
