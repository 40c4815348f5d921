//! Malformed input never panics: random documents built from the characters
//! and fragments the parser and rules care about, run through every rule
//! (including default-off ones).

use gwlint::load::SourceFile;
use gwlint::parse::ParseOptions;
use gwlint::rules::data::Data;

const PIECES: &[&str] = &[
    "（",
    "）",
    "(",
    ")",
    "[",
    "]",
    "【",
    "】",
    "〔",
    "〕",
    "“",
    "”",
    "《",
    "》",
    "牵头单位",
    "牵头",
    "责任单位",
    "：",
    ":",
    "；",
    ";",
    "、",
    "，",
    ",",
    "。",
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "\u{3000}",
    "1.",
    "12．",
    "3、",
    "一、",
    "（二）",
    "(三)",
    "（4）",
    "①",
    "第一章",
    "第二节",
    "附件1",
    "#",
    "## ",
    "**",
    "区财政局",
    "各街镇",
    "大学城管委会",
    "按职责分工配合",
    "等部门",
    "增长",
    "5.6%",
    "５．６％",
    "力争",
    "以上",
    "亿元",
    "2025年",
    "2021-2025年",
    "地区生产总值",
    "分别",
    "和",
    "～",
    "—",
    "-",
    "XX",
    "的的",
    "<b>",
    "[bookmark: _GoBack]",
    "— 12 —",
    "济长政字[2021]28号",
    "政府工作报告",
    "重点工作责任分工",
    "一是",
    "二是",
    "三十处",
    "𠀀",
    "é",
    "\u{feff}",
];

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

#[test]
fn random_documents_never_panic() {
    let mut data = Data::builtin();
    data.settings.select = vec!["ALL".into()];
    let mut rng = Lcg(0x9e3779b97f4a7c15);
    for round in 0..3000 {
        let mut docs = Vec::new();
        for k in 0..2 {
            let len = rng.next() % 120;
            let text: String = (0..len)
                .map(|_| PIECES[rng.next() % PIECES.len()])
                .collect();
            let name = if (round + k) % 2 == 0 {
                "a.md"
            } else {
                "b.txt"
            };
            docs.push(SourceFile::from_text(name, &text));
        }
        let run = gwlint::check_sources(docs, &data, &ParseOptions::default());
        // Every span must be a valid char range of its file.
        for d in &run.diagnostics {
            for l in std::iter::once(&d.primary).chain(&d.secondary) {
                let t = &run.sources[l.file].text;
                assert!(
                    l.span.start <= l.span.end && l.span.end <= t.len(),
                    "{} span out of range",
                    d.code
                );
                assert!(
                    t.is_char_boundary(l.span.start) && t.is_char_boundary(l.span.end),
                    "{} span splits a char",
                    d.code
                );
            }
        }
        // Rendering never panics either.
        let _ = gwlint::diag::render_human::to_string(&run.sources, &run.diagnostics);
    }
}
