use std::collections::HashMap;

use rayon::prelude::*;

use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::names::similar::{abbreviates, same_unit};
use crate::names::Registry;
use crate::rules::{Context, Rule, RuleInfo, RuleMeta};

use super::{jurisdictions, occurrences, registry_note, Class, Occurrence};

declare_rule! {
    /// ## 检查内容
    /// 一次检查的各个文件里，同一个单位在责任分工中有不止一种写法。
    ///
    /// ## 为什么
    /// 同一单位写法不一，汇总、检索和督办时会被当成几个单位，读者也会怀疑是不是
    /// 另有其单位。没有单位名录的地区也能发现这个问题：两个写法只差“和”“、”
    /// 等连接字、形近字，或在足够长的名称里只差一个字，并且层级（区/市）和
    /// 单位类型（局、街道、中心……）相同，就认为是同一单位；区分单位的字
    /// （数字、东西南北、区/市）不同则不算，所以“区民政局”和“区财政局”不会合并。
    /// 有单位名录时，名录能识别的误写由 N001–N003 报告，这条规则报告名录之外的
    /// 单位，以及同一登记单位混用规范名称和正式全称的情况（名称前是否加
    /// “长清区”等地名不算不同写法）。名录之外的单位只在同一文件、相互配对的
    /// 报告与分工、或同一名录地区的文件之间比较：一起检查的几个县的文件，
    /// 各有各的“发改局”。简称与全称（县发改局、县发展改革局）、改革前后的
    /// “委”“局”（县发改委、县发改局）也算同一单位的不同写法。
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
    /// 形近字与连接字表 `rules/confusables.toml`；有单位名录时同 N001。
    /// 主标签指向第一处少数写法，次标签标出少数写法的每一处和最常见写法的第一处。
    pub struct InconsistentUnitName {
        name: "inconsistent-unit-name",
        category: Consistency,
        fix: None,
    }
}

/// All places of one spelling.
struct Spelling {
    text: String,
    places: Vec<Occurrence>,
}

impl Rule for InconsistentUnitName {
    fn info(&self) -> RuleInfo {
        Self::INFO
    }

    fn check_corpus(&self, meta: &RuleMeta, cx: &Context, out: &mut Vec<Diagnostic>) {
        let conf = &cx.data.names.confusables;
        let regs = jurisdictions(cx);
        let occs: Vec<Occurrence> = cx
            .docs
            .par_iter()
            .flat_map_iter(|d| {
                occurrences(cx, d, regs.get(d.file).copied().flatten(), false)
                    .iter()
                    .cloned()
                    .collect::<Vec<_>>()
            })
            .filter(|o| o.in_clause)
            .collect();

        // Registered units written in accepted forms: grouped by the registry.
        // Unknown units: grouped by similarity. Everything else is reported by
        // N001–N003 (or is a collective entry).
        let mut registered: HashMap<(&str, usize), Vec<Spelling>> = HashMap::new();
        let mut unknown: Vec<Spelling> = Vec::new();
        for o in occs {
            match o.class {
                Class::Accepted(unit) => {
                    // A place-name prefix (长清区财政局) is not another spelling.
                    let mut o = o;
                    o.written.drain(..o.prefix_len);
                    o.prefix_len = 0;
                    let reg = regs[o.file].expect("accepted names come from a registry");
                    let group = registered.entry((reg.id.as_str(), unit)).or_default();
                    add(group, o);
                }
                Class::Unknown => add(&mut unknown, o),
                _ => {}
            }
        }
        // Unknown units are compared only within documents known to belong
        // together: one file, a report and its annex, or files of one
        // registered jurisdiction. Two counties' documents checked together
        // each have their own 发改局.
        let group = document_groups(cx, &regs);
        let mut unknown: Vec<Spelling> = unknown
            .into_iter()
            .flat_map(|s| {
                let mut by_group: Vec<Spelling> = Vec::new();
                for o in s.places {
                    let g = group[o.file];
                    match by_group.iter_mut().find(|b| group[b.places[0].file] == g) {
                        Some(b) => b.places.push(o),
                        None => by_group.push(Spelling {
                            text: s.text.clone(),
                            places: vec![o],
                        }),
                    }
                }
                by_group
            })
            .collect();
        // Most frequent first; ties keep the order of first appearance.
        unknown.sort_by_key(|s| std::cmp::Reverse(s.places.len()));
        let mut clusters: Vec<Vec<Spelling>> = Vec::new();
        for s in unknown {
            let g = group[s.places[0].file];
            match clusters.iter_mut().find(|c| {
                group[c[0].places[0].file] == g
                    && (same_unit(&c[0].text, &s.text, conf).is_some()
                        || abbreviates(&c[0].text, &s.text, conf))
            }) {
                Some(c) => c.push(s),
                None => clusters.push(vec![s]),
            }
        }
        for c in clusters.into_iter().filter(|c| c.len() > 1) {
            out.push(report(meta, c, None));
        }
        let mut groups: Vec<_> = registered.into_iter().collect();
        groups.sort_by_key(|(k, _)| *k);
        for ((id, unit), mut g) in groups {
            if g.len() < 2 {
                continue;
            }
            let reg = regs
                .iter()
                .flatten()
                .find(|r| r.id == id)
                .expect("group keys come from these registries");
            g.sort_by_key(|s| std::cmp::Reverse(s.places.len()));
            let canonical = reg.canonical(unit).to_string();
            out.push(report(meta, g, Some((canonical, registry_note(reg)))));
        }
    }
}

/// A group id per file: files joined by a report ↔ annex link or sharing a
/// registered jurisdiction are in one group.
fn document_groups(cx: &Context, regs: &[Option<&Registry>]) -> Vec<usize> {
    fn root(parent: &mut [usize], mut k: usize) -> usize {
        while parent[k] != k {
            parent[k] = parent[parent[k]];
            k = parent[k];
        }
        k
    }
    fn join(parent: &mut [usize], a: usize, b: usize) {
        let (ra, rb) = (root(parent, a), root(parent, b));
        parent[ra.max(rb)] = ra.min(rb);
    }
    let n = cx.docs.len();
    let mut parent: Vec<usize> = (0..n).collect();
    for l in cx.links {
        if l.report < n && l.annex < n {
            join(&mut parent, l.report, l.annex);
        }
    }
    let mut first_of: HashMap<&str, usize> = HashMap::new();
    for (k, r) in regs.iter().enumerate().take(n) {
        if let Some(r) = r {
            let f = *first_of.entry(r.id.as_str()).or_insert(k);
            join(&mut parent, f, k);
        }
    }
    (0..n).map(|k| root(&mut parent, k)).collect()
}

fn add(group: &mut Vec<Spelling>, o: Occurrence) {
    match group.iter_mut().find(|s| s.text == o.written) {
        Some(s) => s.places.push(o),
        None => group.push(Spelling {
            text: o.written.clone(),
            places: vec![o],
        }),
    }
}

/// One finding for a group of spellings, most frequent first.
fn report(meta: &RuleMeta, group: Vec<Spelling>, registry: Option<(String, String)>) -> Diagnostic {
    let main = &group[0];
    let listing: Vec<String> = group
        .iter()
        .map(|s| format!("“{}”{} 处", s.text, s.places.len()))
        .collect();
    let mut minority: Vec<(&Occurrence, &Spelling)> = group[1..]
        .iter()
        .flat_map(|s| s.places.iter().map(move |o| (o, s)))
        .collect();
    minority.sort_by_key(|(o, _)| (o.file, o.span.start));
    let (first, first_spelling) = minority[0];
    let mut d = Diagnostic::new(
        meta,
        first.file,
        first.span.clone(),
        format!("同一单位有 {} 种写法：{}", group.len(), listing.join("、")),
    )
    .with_label(format!(
        "“{}”（{} 处）",
        first_spelling.text,
        first_spelling.places.len()
    ));
    for (o, s) in &minority[1..] {
        d = d.with_secondary(o.file, o.span.clone(), format!("“{}”", s.text));
    }
    let m = &main.places[0];
    d = d.with_secondary(
        m.file,
        m.span.clone(),
        format!("最常见的写法“{}”（{} 处）", main.text, main.places.len()),
    );
    match registry {
        Some((canonical, note)) => d
            .with_help(format!("统一写作规范名称“{canonical}”"))
            .with_note(note),
        None => d.with_help(format!("统一写作“{}”（出现最多的写法）", main.text)),
    }
}
