"""A seeded synthetic corpus of reports in zh-Hans and en, with labelled near-duplicate groups.

Each group is one original report and copies made by the edits real people make, one or two at a
time (issue 9): a truncated copy (80-95%), one inserted sentence, a prefix ("再次举报：" /
"Again: "), one or two swapped neighbouring characters or words, one to four dropped characters,
full-width digits and punctuation. Every other report is built from the same vocabulary (same
topics, places and acts), so unrelated reports on the same topic are plentiful.

    .venv/bin/python bench/corpus.py --size 2000   # prints a summary
"""

import argparse
import random
from dataclasses import dataclass

# Each slot is built from two parts, so the vocabulary is a few hundred phrases per slot: like
# real reports, unrelated ones share words and topics, rarely whole phrases.
ZH = {
    "when": (
        [
            "上周三",
            "昨天",
            "前天",
            "本月初",
            "上个周末",
            "国庆节期间",
            "去年冬天",
            "今天",
            "大前天",
            "上个月底",
            "春节前",
            "三天前",
        ],
        ["晚上", "下午", "凌晨", "中午", "早上七点左右", "傍晚", "半夜", "上午十点多"],
    ),
    "who": (
        [
            "我家隔壁的",
            "单位新来的",
            "小区里的",
            "一个外地口音的",
            "网上认识的",
            "开黑色轿车的",
            "自称记者的",
            "戴眼镜的",
            "穿迷彩服的",
            "三十多岁的",
            "经常出入的",
            "厂里的",
        ],
        ["男子", "女子", "租户", "保安", "工程师", "老板", "快递员", "司机", "学生", "退休职工"],
    ),
    "where": (
        [
            "在军港",
            "在机场",
            "在火车站",
            "在研究所",
            "在开发区",
            "在海边",
            "在部队营区",
            "在高铁站",
            "在雷达站",
            "在化工厂",
            "在船厂",
            "在发电厂",
        ],
        ["附近", "大门对面", "围栏边", "停车场", "后门", "山脚下", "广场上", "观景台上"],
    ),
    "act": (
        ["用无人机", "用长焦相机", "用手机", "用望远镜", "偷偷", "反复", "多次", "专门"],
        [
            "拍摄设施",
            "拍照",
            "打听部队调动的情况",
            "记录进出车辆的车牌",
            "收集设备的型号",
            "在地图上做标记",
            "观察哨位",
            "录像",
            "收购内部资料",
            "请工作人员吃饭送礼",
            "测量距离",
            "搭讪值班人员",
        ],
    ),
    "detail": [
        "车牌号是{plate}",
        "大约有{n}次",
        "他留的电话是{phone}",
        "前后持续了{n}个小时",
        "每次给对方{n}千元",
        "对方说还会再来",
        "我拍下了照片",
        "周围的人都看见了",
        "后来开车往{dir}去了",
        "当时还有{n}个人一起",
        "他说是{n}号来的",
        "我跟了他{n}分钟",
    ],
    "dirs": ["东", "南", "西", "北"],
    "prefix": "再次举报：",
    "sep": "。",
    "comma": "，",
}
EN = {
    "when": (
        [
            "last Wednesday",
            "yesterday",
            "on Sunday",
            "this month",
            "last weekend",
            "during the holiday",
            "last winter",
            "today",
            "two days ago",
            "at the end of May",
            "before the festival",
            "on Friday",
        ],
        [
            "in the evening",
            "in the afternoon",
            "before dawn",
            "at noon",
            "around seven",
            "at dusk",
            "at midnight",
            "after ten",
        ],
    ),
    "who": (
        [
            "the tenant next door",
            "a new colleague",
            "someone from our estate",
            "a man with an out-of-town accent",
            "a friend I met online",
            "a driver of a black sedan",
            "a self-styled journalist",
            "a man with glasses",
            "a person in camouflage",
            "a woman in her thirties",
            "a regular visitor",
            "a worker from the plant",
        ],
        [
            "",
            " and his friend",
            " with a backpack",
            " from the city",
            " in a hurry",
            " with a camera bag",
            " on a scooter",
            " and a driver",
        ],
    ),
    "where": (
        [
            "near the naval pier",
            "by the airport fence",
            "at the railway station",
            "opposite the institute",
            "in the development zone",
            "by the sea",
            "outside the barracks",
            "at the rail car park",
            "below the radar station",
            "behind the chemical plant",
            "at the shipyard",
            "near the power station",
        ],
        ["", " gate", " entrance", " square", " lookout", " wall", " road", " corner"],
    ),
    "act": (
        [
            "used a drone to",
            "used a long lens to",
            "used a phone to",
            "used binoculars to",
            "tried in secret to",
            "kept trying to",
            "came many times to",
            "was paid to",
        ],
        [
            "film the site",
            "take photos",
            "ask about troop movements",
            "write down number plates",
            "collect equipment models",
            "mark places on a map",
            "watch the guard posts",
            "record videos",
            "buy internal papers",
            "treat staff to dinners",
            "measure distances",
            "chat up the guards",
        ],
    ),
    "detail": [
        "the plate was {plate}",
        "it happened about {n} times",
        "his phone is {phone}",
        "it went on for {n} hours",
        "each time he paid {n} thousand yuan",
        "he said he would come back",
        "I took pictures",
        "everyone around saw it",
        "then he drove {dir}",
        "{n} other people were with him",
        "he said he came on the {n}th",
        "I followed him for {n} minutes",
    ],
    "dirs": ["east", "south", "west", "north"],
    "prefix": "Again: ",
    "sep": ". ",
    "comma": ", ",
}
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
    )


def sentence(rng: random.Random, lang: str) -> str:
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
    return body + words["comma"] + _fill(rng, words, rng.choice(words["detail"])) + words["sep"]


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
    return (text[:at] + " " * (lang == "en") + sentence(rng, lang).strip() + text[at:]).strip()


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
