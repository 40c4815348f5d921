#!/usr/bin/env python3
"""Deterministic benchmark corpus: varied documents, not copies of one file.

Usage: python3 benches/gen_corpus.py OUT_DIR SHAPE SIZE [--seed N] [--one-year Y]
  SHAPE  pairs    work report + responsibility annex pairs of many places and
                  years, with implementation opinions that carry an indicator
                  table and unrelated reports mixed in
         reports  published-style work reports only
         annex    one very large annex (a single file)
  SIZE   total bytes, with K/M/G suffixes (1M, 10M, 100M, 1G)
  --one-year Y  every document of the year Y (pairing's worst case: each
                annex's candidates are all the reports of its place); the
                other content is the same as without it

Building blocks are the published reports in fixtures/corpus/ (sentences,
with every number perturbed and place names replaced) and the units of a
district government. Known defects are seeded at fixed rates so that every
rule family has work: a task without a lead (4%), a target that differs from
the report (3%), a unit name with a one-character typo (2%), a half-width
comma (1%). Same arguments, same bytes.
"""

import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fixtures", "corpus")

PLACE_A = "东西南北长青白黄金云龙凤安平和兴华新明光永宁丰泰康乐"
PLACE_B = "山河湖城川江阳岭林桥原湾溪州台港坪峰岗塘门"
UNITS = [
    "区发展改革局", "区财政局", "区教育和体育局", "区科技局", "区工业和信息化局", "区民政局",
    "区人力资源社会保障局", "区自然资源局", "区生态环境分局", "区住房城乡建设局", "区交通运输局",
    "区水务局", "区农业农村局", "区商务局", "区文化和旅游局", "区卫生健康局", "区应急管理局",
    "区审计局", "区市场监管局", "区统计局", "区医疗保障局", "区城管局", "区司法局", "区退役军人事务局",
    "区行政审批服务局", "区大数据局", "区投资促进局", "区税务局", "区消防救援大队", "区供电中心",
]
COLLECTIVES = ["各街道办事处", "各镇人民政府", "区直有关部门"]
# Same-sound or look-alike substitutions (the kinds of typo N rules look for).
TYPOS = {"财": "材", "政": "正", "审": "申", "计": "记", "民": "明", "统": "通", "局": "居", "监": "鉴", "管": "官", "务": "物"}
INDICATORS = ["地区生产总值", "一般公共预算收入", "城镇居民人均可支配收入", "农村居民人均可支配收入",
              "固定资产投资", "社会消费品零售总额", "规模以上工业增加值", "进出口总额"]
NUM = re.compile(r"\d+(?:\.\d+)?")
PROVINCE = re.compile(r"(?:全省|全市|全区|我省|我市|我区|[\u4e00-\u9fff]{2,3}(?:省|自治区|市))")


def load_sentences():
    out = []
    for name in sorted(os.listdir(CORPUS)):
        if not name.endswith(".txt"):
            continue
        text = open(os.path.join(CORPUS, name), encoding="utf-8").read()
        for para in text.split("\n"):
            para = para.strip()
            if len(para) < 30 or "【" in para:
                continue
            for s in re.split(r"(?<=。)", para):
                if 20 <= len(s) <= 160 and s.endswith("。"):
                    out.append(s)
    return out


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.sents = load_sentences()
        # Sentences that carry a number: they become targets.
        self.targets = [s for s in self.sents if NUM.search(s)]

    def place(self):
        r = self.r
        return r.choice(PLACE_A) + r.choice(PLACE_B) + "区"

    def perturb(self, s, place):
        r = self.r
        s = NUM.sub(lambda m: self.number(m.group(0)), s)
        return PROVINCE.sub(place, s, count=1) if r.random() < 0.5 else s

    def number(self, n):
        r = self.r
        if "." in n:
            return f"{r.uniform(0.5, 12):.1f}"
        v = int(n)
        if 1990 <= v <= 2035:
            return n
        return str(max(1, int(v * r.uniform(0.6, 1.6))))

    def unit(self):
        u = self.r.choice(UNITS)
        if self.r.random() < 0.02:
            i = self.r.randrange(1, len(u))
            if u[i] in TYPOS:
                u = u[:i] + TYPOS[u[i]] + u[i + 1:]
        return u

    def clause(self):
        r = self.r
        lead = self.unit()
        resp = "、".join(dict.fromkeys(self.unit() for _ in range(r.randint(1, 4))))
        if r.random() < 0.3:
            resp += "，" + r.choice(COLLECTIVES)
        if r.random() < 0.04:
            return f"（责任单位：{resp}）"
        return f"（牵头单位：{lead}；责任单位：{resp}）"

    def report(self, place, year, n_para):
        r = self.r
        lines = [f"{place}{year}年政府工作报告", "", f"——{year}年1月在{place}第十八届人民代表大会第四次会议上", ""]
        used = []
        heads = ["一、过去一年工作回顾", f"二、{year}年工作安排", "三、加强政府自身建设"]
        per = max(1, n_para // len(heads))
        for h in heads:
            lines += [h, ""]
            for _ in range(per):
                ss = [self.perturb(r.choice(self.sents), place) for _ in range(r.randint(2, 5))]
                if r.random() < 0.5:
                    t = self.perturb(r.choice(self.targets), place)
                    ss.append(t)
                    used.append(t)
                lines += ["".join(ss), ""]
        return "\n".join(lines) + "\n", used

    def annex(self, place, year, report_targets, n_tasks):
        r = self.r
        lines = [f"# {place}{year}年《政府工作报告》重点工作责任分工", ""]
        k = 0
        for sec, h in enumerate(["一、扩大有效需求", "二、建设现代化产业体系", "三、保障和改善民生"]):
            lines += [f"## {h}", ""]
            for _ in range(max(1, n_tasks // 3)):
                k += 1
                if report_targets and r.random() < 0.7:
                    body = r.choice(report_targets)
                    if r.random() < 0.03:
                        body = NUM.sub(lambda m: self.number(m.group(0)), body, count=1)
                else:
                    body = self.perturb(r.choice(self.sents), place)
                if r.random() < 0.01:
                    body = body.replace("，", ",", 1)
                lines += [f"{k}.{body}{self.clause()}", ""]
        return "\n".join(lines) + "\n"

    def opinion(self, place, year, n_tasks):
        r = self.r
        lines = [f"{place}关于推动高质量发展的实施意见", "", "一、主要目标", "",
                 "| 指标 | 单位 | 2025年 | 2027年目标 |", "|---|---|---|---|"]
        for ind in r.sample(INDICATORS, 5):
            lines.append(f"| {ind} | % | {r.uniform(3, 9):.1f} | {r.uniform(4, 10):.1f} |")
        lines += ["", "二、重点任务", ""]
        for k in range(1, n_tasks + 1):
            lines += [f"{k}.{self.perturb(r.choice(self.sents), place)}{self.clause()}", ""]
        return "\n".join(lines) + "\n"


def size_arg(s):
    m = re.fullmatch(r"(\d+)([KMG]?)", s.upper())
    if not m:
        raise SystemExit(f"bad size {s}")
    return int(m.group(1)) * {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m.group(2)]


def main():
    argv, opts, args = sys.argv[1:], {}, []
    while argv:
        a = argv.pop(0)
        if a in ("--seed", "--one-year"):
            if not argv:
                raise SystemExit(__doc__)
            opts[a] = int(argv.pop(0))
        elif a.startswith("--"):
            raise SystemExit(__doc__)
        else:
            args.append(a)
    if len(args) != 3:
        raise SystemExit(__doc__)
    out, shape, total = args[0], args[1], size_arg(args[2])
    seed = opts.get("--seed", 20261202)
    one_year = opts.get("--one-year")
    g = Gen(seed)
    os.makedirs(out, exist_ok=True)
    written, i = 0, 0

    def write(name, text):
        nonlocal written
        data = text.encode("utf-8")
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        written += len(data)

    if shape == "annex":
        place, year = g.place(), 2026
        _, targets = g.report(place, year, 200)
        parts = []
        size = 0
        k = 0
        while size < total:
            chunk = g.annex(place, year, targets, 300)
            if k:
                chunk = chunk.split("\n", 2)[2]
            chunk, k = renumber(chunk, k)
            parts.append(chunk)
            size += len(chunk.encode())
        write("annex.md", "".join(parts))
    else:
        while written < total:
            i += 1
            place, year = g.place(), g.r.randint(2020, 2027)
            if one_year is not None:
                year = one_year
            d = f"{i:05d}-{place}-{year}"
            if shape == "reports":
                text, _ = g.report(place, year, g.r.randint(20, 60))
                write(f"{d}-报告.txt", text)
                continue
            kind = g.r.random()
            if kind < 0.75:
                report, targets = g.report(place, year, g.r.randint(15, 40))
                write(f"{d}-报告.txt", report)
                write(f"{d}-分工.md", g.annex(place, year, targets, g.r.randint(30, 90)))
            elif kind < 0.9:
                write(f"{d}-意见.md", g.opinion(place, year, g.r.randint(10, 30)))
            else:
                text, _ = g.report(place, year, g.r.randint(20, 50))
                write(f"{d}-其他报告.txt", text)
    print(f"{out}: {written} bytes ({shape})")


def renumber(chunk, start):
    n = [start]

    def bump(m):
        n[0] += 1
        return f"{n[0]}."

    return re.sub(r"^\d+\.", bump, chunk, flags=re.M), n[0]


if __name__ == "__main__":
    main()
