//! `gwlint registry learn`: a draft registry for a place from its own
//! documents.
//!
//! Every unit named in a responsibility clause or a task table is collected
//! with its places; in running text (a work report names units only there)
//! names ending in a unit suffix (街道, 镇, and 区/县/市…局/委/办 …) are
//! collected too, after trimming the verb or preposition before them. The
//! spellings are grouped with the same similarity the N rules use (one typo
//! or connector apart: variants; a short form: an alias), the most frequent
//! spelling of a group is the canonical name, the type is inferred from the
//! suffix, and self-tests are generated from real lines and kept only when
//! the new registry passes them. The draft is meant to be read and edited
//! by hand: every entry says where its spellings were seen.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use pinyin::ToPinyin;

use crate::load::SourceFile;
use crate::names::similar::{abbreviates, reformed_suffix, same_unit, suffix_type, NameIndex};
use crate::names::{Confusables, Registry};
use crate::parse::{self, ParseOptions};

/// Where a spelling was seen.
#[derive(Debug, Clone)]
struct Place {
    file: String,
    line: usize,
    in_clause: bool,
}

/// One spelling and its places.
#[derive(Debug, Clone)]
struct Seen {
    name: String,
    places: Vec<Place>,
}

/// What to learn.
#[derive(Debug, Clone)]
pub struct LearnOptions {
    /// Display name of the place (济南市天桥区).
    pub name: String,
    /// Registry id; derived from the name's pinyin when empty.
    pub id: String,
}

/// Words that may stand before a unit name in running text and are not part
/// of it.
const LEADERS: &[&str] = &[
    "推进", "推动", "支持", "加快", "完成", "实施", "指导", "协调", "配合", "组织", "牵头", "负责",
    "启动", "建设", "打造", "成立", "设立", "组建", "挂牌", "包括", "其中", "以及", "由", "在",
    "对", "和", "与", "及", "同", "向", "为", "将", "把", "以", "了", "的", "是",
];

/// Candidate unit names in running text.
fn body_names(line: &str) -> Vec<String> {
    let re = crate::static_regex!(
        r"(\p{Han}{2,7}街道|\p{Han}{1,4}镇|[区县市]\p{Han}{1,10}?(?:局|管委会|委员会|办公室|工委))"
    );
    let mut out = Vec::new();
    for m in re.find_iter(line) {
        let mut s = m.as_str();
        // Trim leading function words and verbs, repeatedly.
        loop {
            match LEADERS.iter().find(|w| s.starts_with(**w)) {
                Some(w) if s.len() > w.len() => s = &s[w.len()..],
                _ => break,
            }
        }
        let n = s.chars().count();
        let generic = [
            "各", "全", "相关", "有关", "所有", "城镇", "乡镇", "市区", "县区",
        ]
        .iter()
        .any(|p| s.starts_with(p));
        let suffix_only = suffix_type(s).chars().count() + 1 >= n;
        // Words ending like a unit that are not one (大局, 格局, 新局, 城镇).
        let word = [
            "大局", "格局", "新局", "布局", "全局", "变局", "开局", "结局", "当局", "城镇", "乡镇",
            "集镇", "小镇", "重镇", "名镇", "强镇",
        ]
        .iter()
        .any(|w| s.ends_with(w));
        if !generic && !suffix_only && !word && n >= 3 {
            out.push(s.to_string());
        }
    }
    out
}

/// The pinyin of a name, for a default id (`天桥区` → `tianqiaoqu`).
fn pinyin_id(name: &str) -> String {
    let s: String = name
        .to_pinyin()
        .flatten()
        .map(|p| p.plain())
        .collect::<Vec<_>>()
        .join("");
    if s.is_empty() {
        "registry".into()
    } else {
        s
    }
}

/// The unit type of a name, from its suffix.
fn infer_type(name: &str) -> &'static str {
    let s = suffix_type(name);
    if name.ends_with("街道") || s == "街道办事处" {
        "街道"
    } else if s == "镇" {
        "镇"
    } else if s == "管委会" {
        "功能区"
    } else if matches!(s, "集团" | "公司") {
        "平台公司"
    } else if name.contains("工会")
        || name.contains("妇联")
        || name.contains("红十字会")
        || name.contains("团区委")
        || name.contains("团县委")
        || name.contains("科协")
        || name.contains("残联")
    {
        "群团组织"
    } else if matches!(s, "局" | "委" | "部" | "办" | "办公室" | "工委" | "委员会") {
        "部门"
    } else {
        "其他"
    }
}

fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A group of spellings of one unit.
struct Group {
    canonical: Seen,
    variants: Vec<Seen>,
    aliases: Vec<Seen>,
}

/// Learns a draft registry from sources; returns the TOML text.
pub fn learn(sources: &[SourceFile], opts: &LearnOptions, conf: &Confusables) -> String {
    let popts = ParseOptions::default();
    let mut seen: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    for (k, src) in sources.iter().enumerate() {
        let doc = parse::parse(k, src, &popts);
        let line_of = |at: usize| src.line_index(at) + 1;
        let mut clause_lines = std::collections::HashSet::new();
        for t in &doc.tasks {
            for u in t.lead().chain(t.responsible()) {
                let punct = u.name.chars().any(|c| {
                    c.is_whitespace()
                        || matches!(c, '、' | '，' | ',' | '；' | ';' | '：' | ':' | '。')
                });
                if u.collective || punct || u.name.chars().count() < 2 {
                    continue;
                }
                let line = line_of(u.span.start);
                clause_lines.insert(line);
                seen.entry(u.name.clone()).or_default().push(Place {
                    file: src.name.clone(),
                    line,
                    in_clause: true,
                });
            }
        }
        for (l, line) in src.text.lines().enumerate() {
            if clause_lines.contains(&(l + 1)) {
                continue;
            }
            for n in body_names(line) {
                seen.entry(n).or_default().push(Place {
                    file: src.name.clone(),
                    line: l + 1,
                    in_clause: false,
                });
            }
        }
    }
    let mut all: Vec<Seen> = seen
        .into_iter()
        .map(|(name, places)| Seen { name, places })
        .collect();
    // Most frequent first (clause places count double: they are certain).
    all.sort_by_key(|s| {
        let weight: usize = s.places.iter().map(|p| 1 + usize::from(p.in_clause)).sum();
        (std::cmp::Reverse(weight), s.name.clone())
    });
    let mut groups: Vec<Group> = Vec::new();
    let mut index = NameIndex::default();
    for s in all {
        let typo = index.candidates(&s.name, conf).into_iter().find(|&g| {
            let c = &groups[g].canonical.name;
            same_unit(&s.name, c, conf).is_some() || reformed_suffix(&s.name, c, conf)
        });
        if let Some(g) = typo {
            groups[g].variants.push(s);
            continue;
        }
        let short = groups
            .iter()
            .position(|g| abbreviates(&s.name, &g.canonical.name, conf));
        if let Some(g) = short {
            groups[g].aliases.push(s);
            continue;
        }
        index.push(&s.name, conf);
        groups.push(Group {
            canonical: s,
            variants: Vec::new(),
            aliases: Vec::new(),
        });
    }
    groups.sort_by(|a, b| {
        (infer_type(&a.canonical.name), &a.canonical.name)
            .cmp(&(infer_type(&b.canonical.name), &b.canonical.name))
    });
    render(&groups, opts, sources)
}

fn places_comment(s: &Seen) -> String {
    let mut by_file: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for p in &s.places {
        by_file.entry(p.file.as_str()).or_default().push(p.line);
    }
    let parts: Vec<String> = by_file
        .iter()
        .map(|(f, lines)| {
            let shown: Vec<String> = lines.iter().take(8).map(|l| l.to_string()).collect();
            let more = if lines.len() > 8 { "…" } else { "" };
            format!("{f}:{}{more}", shown.join(","))
        })
        .collect();
    let clause = s.places.iter().filter(|p| p.in_clause).count();
    crate::tr!(
        "“{}” {} 处（责任分工 {clause} 处）：{}",
        "“{}” {} times ({clause} in assignments): {}",
        s.name,
        s.places.len(),
        parts.join(crate::i18n::pick("；", "; "))
    )
}

fn header(opts: &LearnOptions) -> (String, String) {
    let id = if opts.id.trim().is_empty() {
        pinyin_id(&opts.name)
    } else {
        opts.id.trim().to_string()
    };
    // 济南市天桥区 → short 天桥区, stem 天桥; prefixes 济南市天桥, 天桥.
    let name = opts.name.trim();
    let short = name
        .rfind(['市', '州', '省'])
        .map(|i| &name[i + '市'.len_utf8()..])
        .filter(|s| s.chars().count() >= 2)
        .unwrap_or(name);
    let stem = short
        .strip_suffix(['区', '县', '市', '镇', '旗'])
        .filter(|s| s.chars().count() >= 2)
        .unwrap_or(short);
    let full_stem = name
        .strip_suffix(['区', '县', '市', '镇', '旗'])
        .unwrap_or(name);
    let mut aliases = vec![short.to_string()];
    if stem != short {
        aliases.push(stem.to_string());
    }
    aliases.retain(|a| a != name);
    let mut prefixes = vec![full_stem.to_string()];
    if stem != full_stem {
        prefixes.push(stem.to_string());
    }
    let list = |v: &[String]| v.iter().map(|s| quote(s)).collect::<Vec<_>>().join(", ");
    let mut out = String::new();
    let _ = writeln!(out, "[jurisdiction]");
    let _ = writeln!(out, "id = {}", quote(&id));
    let _ = writeln!(out, "name = {}", quote(name));
    let _ = writeln!(out, "aliases = [{}]", list(&aliases));
    let _ = writeln!(out, "detect = [{}]", quote(short));
    let _ = writeln!(out, "prefixes = [{}]", list(&prefixes));
    (out, id)
}

fn render(groups: &[Group], opts: &LearnOptions, sources: &[SourceFile]) -> String {
    let (jurisdiction, id) = header(opts);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        crate::tr!(
            "# {}单位名录（草稿）— 由 gwlint registry learn 从 {} 份文件生成，请逐条核对。",
            "# Unit registry of “{}” (draft), made by gwlint registry learn from {} files: check every entry.",
            opts.name.trim(),
            sources.len()
        )
    );
    let files: Vec<&str> = sources.iter().map(|s| s.name.as_str()).collect();
    let _ = writeln!(
        out,
        "{}",
        crate::tr!(
            "# 来源：{}",
            "# Sources: {}",
            files.join(crate::i18n::pick("、", ", "))
        )
    );
    let _ = writeln!(
        out,
        "{}",
        crate::i18n::pick(
            "# 规范名称取出现最多的写法（责任分工中的一处按两处计）；只差一处错字或连接字的写法列为\n\
             # variants（错误写法），简称列为 aliases（别称）；类型按后缀推断。每条的注释写明各写法\n\
             # 出现的次数和位置。正文中找到的名称可能不是单位（例如项目名），删去即可。\n",
            "# The canonical name is the most frequent spelling (one in an assignment counts twice);\n\
             # spellings one wrong character or connector away are listed as variants (misspellings),\n\
             # short forms as aliases; the type is inferred from the suffix. Each entry's comment says\n\
             # how often and where each spelling occurs. Names found in running text may not be units\n\
             # (project names, say): delete them.\n"
        )
    );
    out.push_str(&jurisdiction);
    for g in groups {
        let _ = writeln!(out);
        let _ = writeln!(out, "# {}", places_comment(&g.canonical));
        for v in g.variants.iter().chain(&g.aliases) {
            let _ = writeln!(out, "# {}", places_comment(v));
        }
        let _ = writeln!(out, "[[unit]]");
        let _ = writeln!(out, "name = {}", quote(&g.canonical.name));
        let _ = writeln!(out, "type = {}", quote(infer_type(&g.canonical.name)));
        if !g.aliases.is_empty() {
            let v: Vec<String> = g.aliases.iter().map(|s| quote(&s.name)).collect();
            let _ = writeln!(out, "aliases = [{}]", v.join(", "));
        }
        if !g.variants.is_empty() {
            let v: Vec<String> = g.variants.iter().map(|s| quote(&s.name)).collect();
            let _ = writeln!(out, "variants = [{}]", v.join(", "));
        }
    }
    let _ = id;
    out
}

/// Self-tests from real lines: a clean line per unit (up to `max`) and
/// each variant's line with its fix. Returned as `(text, expect, fixed)`.
pub fn candidate_tests(
    reg: &Registry,
    sources: &[SourceFile],
) -> Vec<(String, Vec<String>, Option<String>)> {
    let popts = ParseOptions::default();
    let mut out = Vec::new();
    let mut clean_done = std::collections::HashSet::new();
    for (k, src) in sources.iter().enumerate() {
        let doc = parse::parse(k, src, &popts);
        for t in &doc.tasks {
            let Some(c) = t.clauses.last() else { continue };
            let l = src.line_index(t.span.start);
            let line = src.text[src.line_range(l)].trim();
            // Only one-line tasks: the test text must parse alone.
            if src.line_index(c.span.end.saturating_sub(1)) != l || line.chars().count() > 160 {
                continue;
            }
            for u in t.lead().chain(t.responsible()) {
                let Some(r) = reg.resolve(&u.name) else {
                    continue;
                };
                let unit = &reg.units[r.unit];
                if u.name == unit.name && clean_done.insert(unit.name.clone()) {
                    out.push((line.to_string(), Vec::new(), None));
                } else if unit.variants.contains(&u.name) {
                    let fixed = line.replacen(&u.name, &unit.name, 1);
                    out.push((line.to_string(), vec!["N001".to_string()], Some(fixed)));
                }
            }
        }
    }
    out
}

/// Appends `[[test]]` entries to a registry text.
pub fn append_tests(text: &mut String, tests: &[(String, Vec<String>, Option<String>)]) {
    if tests.is_empty() {
        return;
    }
    let _ = writeln!(
        text,
        "{}",
        crate::i18n::pick(
            "\n# ── 自检：取自文件中的真实行 ──",
            "\n# ── Self-checks: real lines of the documents ──"
        )
    );
    for (t, expect, fixed) in tests {
        let _ = writeln!(text, "\n[[test]]");
        let _ = writeln!(text, "text = {}", quote(t));
        let e: Vec<String> = expect.iter().map(|c| quote(c)).collect();
        let _ = writeln!(text, "expect = [{}]", e.join(", "));
        if let Some(f) = fixed {
            let _ = writeln!(text, "fixed = {}", quote(f));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_names_trim_verbs_and_skip_generic_words() {
        assert_eq!(body_names("推进无影山街道老旧小区改造"), ["无影山街道"]);
        assert_eq!(
            body_names("官扎营街道、工人新村南村街道"),
            ["官扎营街道", "工人新村南村街道"]
        );
        assert!(body_names("全区各街道").is_empty());
        assert!(body_names("新型城镇").is_empty());
        assert!(body_names("维护全区和谐稳定大局").is_empty());
        assert!(body_names("优化城市空间格局").is_empty());
    }

    #[test]
    fn types_from_suffixes() {
        assert_eq!(infer_type("无影山街道"), "街道");
        assert_eq!(infer_type("区财政局"), "部门");
        assert_eq!(infer_type("大学城管委会"), "功能区");
        assert_eq!(infer_type("区总工会"), "群团组织");
        assert_eq!(infer_type("区产发集团"), "平台公司");
    }

    #[test]
    fn header_derives_names() {
        let (h, id) = header(&LearnOptions {
            name: "济南市天桥区".into(),
            id: String::new(),
        });
        assert_eq!(id, "jinanshitianqiaoqu");
        assert!(h.contains("detect = [\"天桥区\"]"), "{h}");
        assert!(h.contains("prefixes = [\"济南市天桥\", \"天桥\"]"), "{h}");
    }
}
