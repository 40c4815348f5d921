use std::collections::HashMap;

use rayon::prelude::*;

use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::names::similar::{reformed_suffix, same_unit, Difference, EditKind, NameIndex};
use crate::names::Registry;
use crate::rules::{Context, Rule, RuleMeta};

use super::{jurisdictions, occurrences, Class, Occurrence};

/// Options of [`InconsistentUnitName`] (`[N004]` in `rules.toml`).
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InconsistentUnitNameOptions {
    /// A spelling one typo from another (a changed, doubled, dropped or
    /// swapped character) is reported only when the other is written at
    /// least this many times as often: a typo is rare, two real units one
    /// character apart are each written often.
    pub typo_ratio: usize,
}

impl Default for InconsistentUnitNameOptions {
    fn default() -> Self {
        InconsistentUnitNameOptions { typo_ratio: 2 }
    }
}

declare_rule! {
    /// ## 检查内容
    /// 一次检查的各个文件里，同一个单位在责任分工中有不止一种写法。
    ///
    /// ## 为什么
    /// 同一单位写法不一，汇总、检索和督办时会被当成几个单位，读者也会怀疑是不是
    /// 另有其单位。没有单位名录的地区（多数地区）也能发现这个问题：两个写法
    /// 层级（区/市）和单位类型（局、街道、中心……）相同，只差“和、与、及、、”
    /// 这类连接字，或者只差一处错字——同音字、形近字、重复的字、漏掉或多出的字、
    /// 颠倒的两个字——就可能是同一单位。只差连接字的总是报告；差一处错字的，
    /// 只在较少的写法明显少见（出现最多的写法至少是它的 `typo_ratio` 倍）时报告，
    /// 并建议最常见的写法：一个单位写对了二十次、写错了一次。区分单位的字
    /// （数字、东西南北、区/市/县、新/老）换成另一个则不算，所以“区民政局”和
    /// “区财政局”、“工人新村南村街道”和“工人新村北村街道”不会合并；
    /// 普通的一字之差只在核心部分至少五个字的名称里算错字；多出或漏掉一个
    /// 区分单位的字（“区住房城建设局”“区信市访局”）只在核心部分至少三个字、
    /// 最常见的写法至少出现三次时算错字。每个较少的写法各报告一次。
    /// 有单位名录时，名录能识别的写法由 N001–N003 报告，这条规则只比较名录之外的
    /// 单位。名录之外的单位只在同一文件、相互配对的报告与分工、或同一名录地区
    /// 的文件之间比较：一起检查的几个县的文件，各有各的“发改局”。
    /// 改革前后的“委”“局”（县发改委、县发改局）也算同一单位的两种写法；
    /// 全称与简称混用（县发展改革局、县发改局）由 N007 报告。
    ///
    /// ## 示例
    /// ```text
    /// 1.推进老旧小区改造。（牵头单位：区住房城乡建设局）
    /// 2.推进城市更新。（牵头单位：区住房城乡建设局）
    /// 3.推进保障性住房建设。（牵头单位：区住房和城乡建设局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 1.推进老旧小区改造。（牵头单位：区住房城乡建设局）
    /// 2.推进城市更新。（牵头单位：区住房城乡建设局）
    /// 3.推进保障性住房建设。（牵头单位：区住房城乡建设局）
    /// ```
    ///
    /// ## 配置
    /// `rules/rules.toml` 的 `[N004]`：
    /// - `typo_ratio`（默认 2）：差一处错字的两个写法，出现较多的至少是较少的这么多倍才报告。
    ///
    /// 形近字与连接字表 `rules/confusables.toml`、`rules/shapes.toml`；读音来自
    /// `pinyin` 库。有单位名录时同 N001。主标签指向第一处少数写法，次标签标出
    /// 少数写法的每一处和最常见写法的第一处。
    pub struct InconsistentUnitName {
        name: "inconsistent-unit-name",
        category: Consistency,
        fix: None,
        message: ["同一单位有 {…} 种写法：{…}"],
        message_en: ["one unit is written {…} ways: {…}"],
        explain_en: "Across the checked files, one unit is written in more than one way in assignments. Different spellings of one unit are counted as several units when tasks are collected and searched; this works without a unit registry.",
        options: InconsistentUnitNameOptions,
    }
}

/// All places of one spelling.
struct Spelling<'a> {
    text: &'a str,
    places: Vec<&'a Occurrence>,
}

impl Rule for InconsistentUnitName {
    fn check_corpus(&self, meta: &RuleMeta, cx: &Context, out: &mut Vec<Diagnostic>) {
        let conf = &cx.data.names.confusables;
        let ratio = cx
            .data
            .settings
            .options::<InconsistentUnitNameOptions>(meta.code)
            .typo_ratio
            .max(1);
        let regs = jurisdictions(cx);
        // The documents' occurrences are shared (the N rules' memo), read
        // here by reference: no copy of every name of the run.
        let per_doc: Vec<std::sync::Arc<Vec<Occurrence>>> = cx
            .docs
            .par_iter()
            .map(|d| occurrences(cx, d, regs.get(d.file).copied().flatten(), false))
            .collect();
        let occs: Vec<&Occurrence> = per_doc
            .iter()
            .flat_map(|v| v.iter())
            .filter(|o| o.in_clause && matches!(o.class, Class::Unknown))
            .collect();

        // Names the registry does not know (all of them without a registry)
        // are grouped by similarity. Unknown units are compared only within
        // documents known to belong together: one file, a report and its
        // annex, or files of one registered jurisdiction. Two counties'
        // documents checked together each have their own 发改局.
        let group = document_groups(cx, &regs);
        let mut by_key: HashMap<(usize, &str), usize> = HashMap::new();
        let mut unknown: Vec<Spelling> = Vec::new();
        for &o in &occs {
            let g = group[o.file];
            match by_key.get(&(g, o.written.as_str())) {
                Some(&k) => unknown[k].places.push(o),
                None => {
                    by_key.insert((g, o.written.as_str()), unknown.len());
                    unknown.push(Spelling {
                        text: &o.written,
                        places: vec![o],
                    });
                }
            }
        }
        // Most frequent first; ties keep the order of first appearance.
        unknown.sort_by_key(|s| std::cmp::Reverse(s.places.len()));
        // Each spelling joins the cluster of the most frequent spelling it
        // is one edit from. Indexed (a deletion index, not every pair) are
        // the cluster heads and the spellings that joined one without a
        // typo (connectors, 委/局): the same unit's accepted forms, so a
        // typo of 市发改局 finds the cluster 市发改委 leads.
        // One index per document group: spellings of other groups are
        // never compared, and a run of many groups (a folder of many
        // places' pairs) must not make each look-up visit all of them.
        let mut clusters: Vec<Vec<Spelling>> = Vec::new();
        // Per group: its index and, per indexed name, (cluster, member).
        let mut indexes: HashMap<usize, (NameIndex, Vec<(usize, usize)>)> = HashMap::new();
        for s in unknown {
            let g = group[s.places[0].file];
            let (index, indexed) = indexes.entry(g).or_default();
            let join = index.candidates(s.text, conf).into_iter().find_map(|k| {
                let (c, m) = indexed[k];
                let other = &clusters[c][m];
                if reformed_suffix(s.text, other.text, conf) {
                    return Some((c, true));
                }
                let d = same_unit(s.text, other.text, conf)?;
                acceptable(&d, other.places.len(), s.places.len(), ratio)
                    .then(|| (c, d.typos().next().is_none()))
            });
            match join {
                Some((c, exact)) => {
                    if exact {
                        index.push(s.text, conf);
                        indexed.push((c, clusters[c].len()));
                    }
                    clusters[c].push(s);
                }
                None => {
                    index.push(s.text, conf);
                    indexed.push((clusters.len(), 0));
                    clusters.push(vec![s]);
                }
            }
        }
        for c in clusters.into_iter().filter(|c| c.len() > 1) {
            report(meta, &c, out);
        }
    }
}

/// Whether a spelling written `rare` times joins one written `frequent`
/// times: always when they differ in connectors only; with a typo, only
/// when the other is at least `ratio` times as frequent; with a distinctive
/// character dropped or added (区住房城建设局), also only when the other is
/// written at least three times: two units one distinction apart are each
/// written more than once or twice.
fn acceptable(d: &Difference, frequent: usize, rare: usize, ratio: usize) -> bool {
    let mut typos = d.typos().peekable();
    match typos.peek() {
        None => true,
        Some(EditKind::DistinctiveIndel) => frequent >= (rare * ratio).max(3),
        Some(_) => frequent >= rare * ratio,
    }
}

/// A group id per file: files joined by a report ↔ annex link or sharing a
/// registered jurisdiction are in one group.
fn document_groups(cx: &Context, regs: &[Option<&Registry>]) -> Vec<usize> {
    crate::link::document_groups(
        cx.docs.len(),
        cx.links.iter().map(|l| (l.report, l.annex)),
        regs.iter().map(|r| r.map(|r| r.id.as_str())),
    )
}

/// One finding per less frequent spelling of a group (most frequent
/// first): each is its own defect with its own places, and the message
/// lists every spelling of the unit.
fn report(meta: &RuleMeta, group: &[Spelling], out: &mut Vec<Diagnostic>) {
    let main = &group[0];
    let listing: Vec<String> = group
        .iter()
        .map(|s| crate::tr!("“{}”{} 处", "“{}” ×{}", s.text, s.places.len()))
        .collect();
    let message = crate::tr!(
        "同一单位有 {} 种写法：{}",
        "one unit is written {} ways: {}",
        group.len(),
        listing.join(crate::i18n::pick("、", ", "))
    );
    for s in &group[1..] {
        let mut places: Vec<&Occurrence> = s.places.clone();
        places.sort_by_key(|o| (o.file, o.span.start));
        let first = places[0];
        let mut d =
            Diagnostic::new(meta, first.file, first.span.clone(), message.clone()).with_label(
                crate::tr!("“{}”（{} 处）", "“{}” ({} times)", s.text, s.places.len()),
            );
        for o in &places[1..] {
            d = d.with_secondary(o.file, o.span.clone(), format!("“{}”", s.text));
        }
        let m = &main.places[0];
        d = d.with_secondary(
            m.file,
            m.span.clone(),
            crate::tr!(
                "最常见的写法“{}”（{} 处）",
                "most common form “{}” ({} times)",
                main.text,
                main.places.len()
            ),
        );
        out.push(d.with_help(crate::tr!(
            "统一写作“{}”（出现最多的写法）",
            "write “{}” throughout (the most common form)",
            main.text
        )));
    }
}
