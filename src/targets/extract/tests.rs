use super::*;
use crate::model::Joined;
use crate::targets::{Origin, TextUnit};

fn unit(s: &str) -> TextUnit {
    let j = Joined::from_piece(s, 0..s.len());
    TextUnit {
        origin: Origin::Paragraph(0),
        range: 0..s.len(),
        text: j,
        section: None,
        review: false,
    }
}

/// `subject verb value [stretch] @year` for each target.
fn ex(s: &str) -> Vec<String> {
    let ind = Indicators::builtin();
    let u = unit(s);
    extract(&u, 0, &ind)
        .into_iter()
        .map(|t| {
            let mut out = format!("{} {} {}", t.what(&ind), t.verb, t.value_text);
            if t.stretch {
                out.push_str(" [力争]");
            }
            if let Some(y) = t.year {
                out.push_str(&format!(" @{y}"));
            }
            let written: String = s[t.value_span.clone()]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            assert_eq!(written, t.value_text, "span of {}", t.value_text);
            out
        })
        .collect()
}

#[test]
fn headline_targets_and_stretch() {
    assert_eq!(
        ex("地区生产总值增长 5.6%（力争超过 5.6%）。"),
        vec![
            "地区生产总值 增长 5.6%",
            "地区生产总值 增长 超过5.6% [力争]"
        ]
    );
    assert_eq!(
        ex("一般公共预算收入增长 4%（力争实现 4.5%）。"),
        vec![
            "一般公共预算收入 增长 4%",
            "一般公共预算收入 增长 4.5% [力争]"
        ]
    );
    assert_eq!(
        ex("规上工业增加值增长8.5%"),
        vec!["规模以上工业增加值 增长 8.5%"]
    );
}

#[test]
fn distributed_over_urban_and_rural() {
    assert_eq!(
        ex("城乡居民人均可支配收入分别增长 5.5%和 6%以上。"),
        vec![
            "城镇居民人均可支配收入 增长 5.5%",
            "农村居民人均可支配收入 增长 6%以上"
        ]
    );
    assert_eq!(
        ex("城镇和农村居民人均可支配收入达到51484元和25194元，分别增长5.5%和5.6%。"),
        vec![
            "城镇居民人均可支配收入 达到 51484元",
            "农村居民人均可支配收入 达到 25194元",
            "城镇居民人均可支配收入 增长 5.5%",
            "农村居民人均可支配收入 增长 5.6%"
        ]
    );
}

#[test]
fn distributed_over_listed_subjects() {
    assert_eq!(
        ex("到 2022 年，婴儿死亡率、5岁以下儿童死亡率、孕产妇死亡率分别控制在 3.3‰、4.0‰、9.3/10万以下。"),
        vec![
            "婴儿死亡率 控制在 3.3‰ @2022",
            "5岁以下儿童死亡率 控制在 4.0‰ @2022",
            "孕产妇死亡率 控制在 9.3/10万以下 @2022"
        ]
    );
    assert_eq!(
        ex("全区妇幼健康信息系统接入使用率和标准使用率分别达到 100%和 80%。"),
        vec![
            "妇幼健康信息系统接入使用率 达到 100%",
            "妇幼健康信息系统标准使用率 达到 80%"
        ]
    );
}

#[test]
fn ranges_numerals_widths_and_spaces() {
    assert_eq!(
        ex("固定资产投资增长5%～6%"),
        vec!["固定资产投资 增长 5%～6%"]
    );
    assert_eq!(
        ex("系统推进历史遗留矿山生态治理修复三十处"),
        vec!["系统推进历史遗留矿山生态治理修复  三十处"]
    );
    assert_eq!(
        ex("地区生产总值增长５．６％"),
        vec!["地区生产总值 增长 ５．６％"]
    );
    assert_eq!(ex("新增城镇就业 3 400 人"), vec!["新增城镇就业  3400人"]);
    assert_eq!(
        ex("建成新能源充电桩560个，累计建设5G基站3000个以上"),
        vec!["充电桩  560个", "5G基站  3000个以上"]
    );
    assert_eq!(
        ex("确保全年新开工项目80个以上、续建项目107个以上，年度完成投资150亿元以上。"),
        vec![
            "新开工项目  80个以上",
            "续建项目  107个以上",
            "完成投资  150亿元以上"
        ]
    );
}

#[test]
fn years_and_inherited_subjects() {
    assert_eq!(
        ex("到 2022 年居民健康素养水平达到 24%。"),
        vec!["居民健康素养水平 达到 24% @2022"]
    );
    assert_eq!(
        ex("一般公共预算收入年均增长 9%，达到 40.9 亿元。"),
        vec![
            "一般公共预算收入 年均增长 9%",
            "一般公共预算收入 达到 40.9亿元"
        ]
    );
    assert!(ex("长清大学城聚集了13所高校。一个一个攻难题").len() <= 1);
    assert!(ex("2024年1月17日，推动两个优势产业").is_empty());
}

proptest::proptest! {
    /// Counting a subject's parts gives the number of parts it is split into.
    #[test]
    fn counted_parts_are_the_split_parts(text in "[甲乙、和及与《》“”()‘’]{0,16}") {
        let chars: Vec<char> = text.chars().collect();
        proptest::prop_assert_eq!(
            super::words::count_parts(&chars),
            super::words::split_parts(&text).len()
        );
    }
}

/// The characters of every word of the phrase lists, and a few others.
fn word_chars() -> Vec<char> {
    let mut cs: Vec<char> = super::words::PRE
        .iter()
        .map(|(w, _)| *w)
        .chain(super::words::END_REL.iter().map(|(w, _)| *w))
        .chain(super::words::FILLERS.iter().copied())
        .chain(super::words::TRAILING.iter().copied())
        .flat_map(str::chars)
        .chain("5%，x".chars())
        .collect();
    cs.sort_unstable();
    cs.dedup();
    cs
}

proptest::proptest! {
    /// Words found through their first or last character are the words a
    /// walk over the list finds, in the list's order.
    #[test]
    fn lexicons_find_what_a_walk_over_the_list_finds(
        picks in proptest::collection::vec(0usize..1000, 0..12),
    ) {
        use super::words::*;
        let cs = word_chars();
        let text: String = picks.iter().map(|&p| cs[p % cs.len()]).collect();
        let n = Norm::new(&text, 0..text.len());
        let lists: [(&Lexicon, Vec<&str>); 4] = [
            (pre_words(), PRE.iter().map(|(w, _)| *w).collect()),
            (relation_words(), END_REL.iter().map(|(w, _)| *w).collect()),
            (filler_words(), FILLERS.to_vec()),
            (trailing_words(), TRAILING.to_vec()),
        ];
        for (lex, words) in &lists {
            for at in 0..=n.len() + 1 {
                let ends: Vec<(usize, usize)> = words
                    .iter()
                    .enumerate()
                    .filter_map(|(i, w)| Some((i, n.ends_with_len(at, w)?)))
                    .collect();
                proptest::prop_assert_eq!(lex.ending_at(&n, at).collect::<Vec<_>>(), ends);
                let starts: Vec<(usize, usize)> = words
                    .iter()
                    .enumerate()
                    .filter_map(|(i, w)| Some((i, n.starts_with_len(at, w)?)))
                    .collect();
                proptest::prop_assert_eq!(lex.starting_at(&n, at).collect::<Vec<_>>(), starts);
            }
        }
    }
}
