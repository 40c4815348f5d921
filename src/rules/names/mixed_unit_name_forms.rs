use std::collections::HashMap;

use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::names::similar::{abbreviates, level_prefix, reformed_suffix, same_unit};
use crate::names::Registry;
use crate::rules::{Context, Rule, RuleMeta};

use super::{occurrences, per_document, registry_note, Class, Occurrence};

declare_rule! {
    /// ## 检查内容
    /// 同一份文件里，同一个单位有时写全称、有时写简称。
    ///
    /// ## 为什么
    /// 全称和简称都不算错（省市场监督管理局、省市场监管局；市文化和旅游局、
    /// 市文旅局），但一份责任分工应当通篇用一种写法，检索、汇总时才不会漏掉
    /// 一部分任务。有单位名录时，按名录判断哪个是规范名称、哪个是正式全称；
    /// 没有名录时，一个写法的核心部分保留另一个写法的首字、其余各字按顺序
    /// 出现、又不是它的连续片段（区教育局不是区教育体育局的简称），并且层级
    /// 和单位类型相同（改革前后的“委”“局”也算同一类型），就认为是全称与简称。
    /// 只在一份文件之内比较，默认只是提示。
    ///
    /// ## 示例
    /// ```text
    /// 1.加强食品安全监管。（牵头单位：区市场监督管理局）
    /// 2.规范市场秩序。（牵头单位：区市场监管局）
    /// 3.开展质量提升行动。（牵头单位：区市场监管局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// 1.加强食品安全监管。（牵头单位：区市场监管局）
    /// 2.规范市场秩序。（牵头单位：区市场监管局）
    /// 3.开展质量提升行动。（牵头单位：区市场监管局）
    /// ```
    ///
    /// ## 配置
    /// 默认级别 info（提示），可在 `rules/rules.toml` 的 `[N007]` 中改为 warn 或 off。
    /// 有单位名录时同 N001（名录的 `name` 与 `full`）。
    pub struct MixedUnitNameForms {
        name: "mixed-unit-name-forms",
        category: Consistency,
        fix: None,
        message: ["同一单位全称、简称混用：{…}"],
        message_en: ["full and short names of one unit are mixed: {…}"],
        explain_en: "Within one document, one unit is written sometimes in full and sometimes in a short form. Both are correct, but an annex should use one form throughout so that searches and summaries find every task.",
    }
}

/// All places of one spelling in one document.
struct Spelling<'a> {
    text: String,
    places: Vec<&'a Occurrence>,
}

fn push<'a>(group: &mut Vec<Spelling<'a>>, text: String, o: &'a Occurrence) {
    match group.iter_mut().find(|s| s.text == text) {
        Some(s) => s.places.push(o),
        None => group.push(Spelling {
            text,
            places: vec![o],
        }),
    }
}

impl Rule for MixedUnitNameForms {
    fn check_corpus(&self, meta: &RuleMeta, cx: &Context, out: &mut Vec<Diagnostic>) {
        let conf = &cx.data.names.confusables;
        out.extend(per_document(cx, |doc, reg| {
            let occs = occurrences(cx, doc, reg, false);
            let mut registered: HashMap<usize, Vec<Spelling>> = HashMap::new();
            let mut unknown: Vec<Spelling> = Vec::new();
            for o in occs.iter().filter(|o| o.in_clause) {
                match o.class {
                    // A place-name prefix (长清区财政局) is not another form.
                    Class::Accepted(unit) => push(
                        registered.entry(unit).or_default(),
                        o.written[o.prefix_len..].to_string(),
                        o,
                    ),
                    Class::Unknown => push(&mut unknown, o.written.clone(), o),
                    _ => {}
                }
            }
            let mut v = Vec::new();
            let mut units: Vec<_> = registered
                .into_iter()
                .filter(|(_, g)| g.len() > 1)
                .collect();
            units.sort_by_key(|(u, _)| *u);
            for (unit, g) in units {
                let reg: &Registry = reg.expect("accepted names come from a registry");
                v.push(report(
                    meta,
                    g,
                    Some((reg.canonical(unit), registry_note(reg))),
                ));
            }
            // Unknown names: a short form keeps the first character of the
            // long one's core, so only names with the same level and first
            // core character are compared.
            let mut buckets: HashMap<(Option<char>, Option<char>), Vec<Spelling>> = HashMap::new();
            for s in unknown {
                let level = level_prefix(&s.text);
                let first = s.text.chars().nth(usize::from(level.is_some()));
                buckets.entry((level, first)).or_default().push(s);
            }
            let mut buckets: Vec<_> = buckets.into_values().collect();
            buckets.sort_by_key(|b| (b[0].places[0].span.start, b.len()));
            for bucket in buckets {
                let mut groups: Vec<Vec<Spelling>> = Vec::new();
                for s in bucket {
                    match groups.iter_mut().find(|g| {
                        // Spellings one typo or connector apart are N004's.
                        g.iter().any(|x| {
                            abbreviates(&x.text, &s.text, conf)
                                && same_unit(&x.text, &s.text, conf).is_none()
                                && !reformed_suffix(&x.text, &s.text, conf)
                        })
                    }) {
                        Some(g) => g.push(s),
                        None => groups.push(vec![s]),
                    }
                }
                for g in groups.into_iter().filter(|g| g.len() > 1) {
                    v.push(report(meta, g, None));
                }
            }
            v
        }));
    }
}

fn report(
    meta: &RuleMeta,
    mut group: Vec<Spelling>,
    registry: Option<(&str, String)>,
) -> Diagnostic {
    group.sort_by_key(|s| (std::cmp::Reverse(s.places.len()), s.places[0].span.start));
    let listing: Vec<String> = group
        .iter()
        .map(|s| crate::tr!("“{}”{} 处", "“{}” ×{}", s.text, s.places.len()))
        .collect();
    let main = &group[0];
    let mut minority: Vec<(&Occurrence, &str)> = group[1..]
        .iter()
        .flat_map(|s| s.places.iter().map(move |o| (*o, s.text.as_str())))
        .collect();
    minority.sort_by_key(|(o, _)| o.span.start);
    let (first, first_text) = minority[0];
    let mut d = Diagnostic::new(
        meta,
        first.file,
        first.span.clone(),
        crate::tr!(
            "同一单位全称、简称混用：{}",
            "full and short names of one unit are mixed: {}",
            listing.join(crate::i18n::pick("、", ", "))
        ),
    )
    .with_label(format!("“{first_text}”"));
    for (o, t) in &minority[1..] {
        d = d.with_secondary(o.file, o.span.clone(), format!("“{t}”"));
    }
    let m = main.places[0];
    d = d.with_secondary(
        m.file,
        m.span.clone(),
        crate::tr!(
            "较多的写法“{}”（{} 处）",
            "more frequent form “{}” ({} times)",
            main.text,
            main.places.len()
        ),
    );
    match registry {
        Some((canonical, note)) => d
            .with_help(crate::tr!(
                "通篇写作规范名称“{canonical}”",
                "write the canonical name “{canonical}” throughout"
            ))
            .with_note(note),
        None => d.with_help(crate::tr!(
            "通篇用一种写法，例如“{}”",
            "use one form throughout, e.g. “{}”",
            main.text
        )),
    }
}
