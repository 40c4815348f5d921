//! Grammar tests: one per class of real clause layout (examples made up).

use super::*;

fn try_parse(s: &str) -> Parsed {
    let j = Joined::from_piece(s, 0..s.len());
    let t = s.trim();
    let bracketed = t.starts_with(['（', '(', '[', '【', '〔', '［'])
        && t.ends_with(['）', ')', ']', '】', '〕', '］']);
    parse_clause(&j, 0..s.len(), bracketed)
}

fn parse(s: &str) -> Clause {
    match try_parse(s) {
        Parsed::Clause(c) => *c,
        other => panic!("not a clause ({other:?}): {s}"),
    }
}

fn names(u: &[Unit]) -> Vec<&str> {
    u.iter().map(|u| u.name.as_str()).collect()
}

fn leads(s: &str) -> Vec<String> {
    parse(s).lead.iter().map(|u| u.name.clone()).collect()
}

fn fields(c: &Clause, kind: FieldKind) -> Vec<&str> {
    c.fields
        .iter()
        .filter(|f| f.kind == kind)
        .map(|f| f.value.text.as_str())
        .collect()
}

#[test]
fn labelled_full_width() {
    let c = parse("（牵头单位：A局；责任单位：B局，C局、D局）");
    assert_eq!(names(&c.lead), ["A局"]);
    assert_eq!(names(&c.responsible), ["B局", "C局", "D局"]);
    assert_eq!(c.form, ClauseForm::Labelled);
    assert_eq!(c.brackets, ("（".to_string(), "）".to_string()));
}

#[test]
fn labelled_several_leads() {
    assert_eq!(leads("（牵头单位：A局、B局）"), ["A局", "B局"]);
    assert_eq!(leads("（牵头单位：A局，B管委会）"), ["A局", "B管委会"]);
}

#[test]
fn suffix_forms() {
    let c = parse("（区卫生健康局牵头，区委宣传部、区教育体育局等部门按职责分工配合）");
    assert_eq!(names(&c.lead), ["区卫生健康局"]);
    assert_eq!(names(&c.responsible), ["区委宣传部", "区教育体育局"]);
    assert_eq!(c.form, ClauseForm::Suffix);
    let c = parse("（A局牵头，B局按职责分工负责）");
    assert_eq!(names(&c.lead), ["A局"]);
    assert_eq!(names(&c.responsible), ["B局"]);
    assert_eq!(leads("（A局、B局牵头）"), ["A局", "B局"]);
    let c = parse("（教育体育局牵头，团区委、区红十字会按职责分工配合）");
    assert_eq!(names(&c.responsible), ["团区委", "区红十字会"]);
}

#[test]
fn deadline_then_label() {
    let c = parse("（6月底完成，牵头考核单位：A局、B局）");
    assert_eq!(names(&c.lead), ["A局", "B局"]);
    assert_eq!(c.deadline.as_ref().unwrap().text, "6月底完成");
}

#[test]
fn half_width_and_square() {
    let c = parse("(牵头单位:A局;责任单位:B局、C街道)");
    assert_eq!(names(&c.lead), ["A局"]);
    assert_eq!(names(&c.responsible), ["B局", "C街道"]);
    let c = parse("[牵头单位:A局;责任单位:B局、各街办(新区)]");
    assert_eq!(names(&c.responsible), ["B局", "各街办(新区)"]);
    assert!(c.responsible[1].collective);
    assert_eq!(leads("【牵头单位：A局】"), ["A局"]);
}

#[test]
fn bare_and_responsible_only() {
    let c = parse("责任单位:区发展和改革局");
    assert_eq!(c.form, ClauseForm::Bare);
    assert!(c.lead.is_empty());
    assert_eq!(names(&c.responsible), ["区发展和改革局"]);
    let c = parse("（责任单位：A局、B局）");
    assert!(c.lead_label.is_none());
    assert_eq!(names(&c.responsible), ["A局", "B局"]);
}

#[test]
fn empty_lead_label() {
    let c = parse("（牵头单位：；责任单位：B局）");
    assert!(c.lead_label.is_some());
    assert!(c.lead.is_empty());
    let c = parse("（牵头单位：）");
    assert!(c.lead_label.is_some());
    assert!(c.lead.is_empty());
}

#[test]
fn spans_point_at_units() {
    let s = "（牵头单位：区财政局；责任单位：各街镇）";
    let c = parse(s);
    assert_eq!(&s[c.lead[0].span.clone()], "区财政局");
    assert_eq!(&s[c.responsible[0].span.clone()], "各街镇");
    assert!(c.responsible[0].collective);
}

#[test]
fn collective_names() {
    assert!(is_collective("各街镇"));
    assert!(is_collective("相关部门"));
    assert!(is_collective("各平台公司"));
    assert!(!is_collective("区财政局"));
}

#[test]
fn earlier_real_world_forms() {
    // Labels separated by spaces only.
    let c = parse("（牵头单位：A局 责任单位：各街镇）");
    assert_eq!(names(&c.lead), ["A局"]);
    assert_eq!(names(&c.responsible), ["各街镇"]);
    let c = parse("(牵头部门:A局 配合部门:B局)");
    assert_eq!(names(&c.lead), ["A局"]);
    assert_eq!(names(&c.responsible), ["B局"]);
    let c = parse("（市民政局牵头，市财政局按职责分工负责；各区县（市）人民政府落实）");
    assert_eq!(names(&c.lead), ["市民政局"]);
    assert_eq!(names(&c.responsible), ["市财政局", "各区县（市）人民政府"]);
    let c = parse("（牵头科室：德育科；配合科室：体卫艺科）");
    assert_eq!(names(&c.lead), ["德育科"]);
    assert_eq!(names(&c.responsible), ["体卫艺科"]);
    let c = parse("（责任领导：张三；牵头单位：A局；配合单位：B局；完成时限：2025年12月底）");
    assert_eq!(names(&c.lead), ["A局"]);
    assert_eq!(names(&c.responsible), ["B局"]);
    assert_eq!(c.deadline.as_ref().unwrap().text, "2025年12月底");
    assert_eq!(fields(&c, FieldKind::Leader), ["张三"]);
    assert_eq!(leads("（牵头单位：A局、B局等）"), ["A局", "B局"]);
    // `（A负责）`: the only unit leads.
    let c = parse("（A局负责）");
    assert_eq!(names(&c.lead), ["A局"]);
    assert!(c.responsible.is_empty());
    // But `A牵头，B负责` keeps B responsible.
    let c = parse("（A局牵头，B局负责）");
    assert_eq!(names(&c.lead), ["A局"]);
    assert_eq!(names(&c.responsible), ["B局"]);
    assert!(matches!(try_parse("（西校区）"), Parsed::NotClause));
}

/// Free text of any wording before, between or after the labels.
#[test]
fn free_text_around_labels() {
    let c = parse("（9月底前基本完成并长期坚持，牵头督办单位：市住建局）");
    assert_eq!(names(&c.lead), ["市住建局"]);
    assert_eq!(
        fields(&c, FieldKind::Deadline),
        ["9月底前基本完成并长期坚持"]
    );
    let c = parse("（年内见效，责任单位：市交通局、市公安局）");
    assert_eq!(names(&c.responsible), ["市交通局", "市公安局"]);
    let c = parse("（按季度通报进展，牵头单位：A局；每半年评估一次，配合单位：B局）");
    assert_eq!(names(&c.lead), ["A局"]);
    assert_eq!(names(&c.responsible), ["B局"]);
    // A deadline after a labelled list is not a unit.
    let c = parse("（牵头单位：A局，B局，2026年6月底前完成）");
    assert_eq!(names(&c.lead), ["A局", "B局"]);
    assert_eq!(fields(&c, FieldKind::Deadline), ["2026年6月底前完成"]);
    let c = parse("（责任单位：A局，持续推进）");
    assert_eq!(names(&c.responsible), ["A局"]);
    // No separator before the label.
    assert_eq!(leads("（年内完成牵头单位：A局）"), ["A局"]);
    // Free text with its own brackets.
    assert_eq!(leads("（分两批实施（第一批9月），牵头单位：A局）"), ["A局"]);
}

/// Any compound role label: a root, any short middle word, a unit noun.
#[test]
fn compound_labels() {
    for (label, lead) in [
        ("牵头单位", true),
        ("牵头部门", true),
        ("牵头督办单位", true),
        ("牵头落实单位", true),
        ("牵头考核单位", true),
        ("牵头责任单位", true),
        ("牵头处室", true),
        ("牵头科室", true),
        ("牵头领导及单位", true),
        ("牵头单位及责任人", true),
        ("主责单位", true),
        ("主办单位", true),
        ("主要责任单位", true),
        ("牵头", true),
        ("责任单位", false),
        ("责任部门", false),
        ("责任主体", false),
        ("责任处室", false),
        ("配合单位", false),
        ("配合科室", false),
        ("配合部门", false),
        ("协办单位", false),
        ("协同单位", false),
        ("协同部门", false),
        ("参与单位", false),
        ("参与部门", false),
        ("协助单位", false),
    ] {
        for text in [
            format!("（{label}：甲局、乙局）"),
            format!("{label}：甲局、乙局"),
        ] {
            let c = parse(&text);
            let (got, other) = if lead {
                (&c.lead, &c.responsible)
            } else {
                (&c.responsible, &c.lead)
            };
            assert_eq!(names(got), ["甲局", "乙局"], "{text}");
            assert!(other.is_empty(), "{text}");
        }
    }
    // The list that disagreed with the grammar before.
    let c = parse("（主办单位：区财政局；协同单位：区民政局）");
    assert_eq!(names(&c.lead), ["区财政局"]);
    assert_eq!(names(&c.responsible), ["区民政局"]);
    // A person is not a unit label.
    let c = parse("（牵头市领导：张三；牵头单位：A局）");
    assert_eq!(names(&c.lead), ["A局"]);
    assert_eq!(fields(&c, FieldKind::Leader), ["张三"]);
    // Other keyed parts are typed fields.
    let c = parse("（牵头单位：A局；考核分值：5分）");
    let keyed: Vec<_> = c
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Keyed)
        .map(|f| (f.key.as_ref().unwrap().text.as_str(), f.value.text.as_str()))
        .collect();
    assert_eq!(keyed, [("考核分值", "5分")]);
}

/// Role verbs after unit lists: A牵头，B、C配合；D负责；E参与；F落实.
#[test]
fn role_verbs() {
    let c = parse("（A局牵头，B局、C局配合；D局负责；E局参与；F局落实）");
    assert_eq!(names(&c.lead), ["A局"]);
    assert_eq!(names(&c.responsible), ["B局", "C局", "D局", "E局", "F局"]);
    assert_eq!(leads("（由A局牵头推进）"), ["A局"]);
    assert_eq!(leads("（A局牵头负责，B局协同）"), ["A局"]);
    assert_eq!(leads("（各县区政府落实）"), ["各县区政府"]);
    let c = parse("（A局负责，B局配合做好相关工作）");
    assert_eq!(names(&c.lead), ["A局"]);
    assert_eq!(names(&c.responsible), ["B局"]);
    // Several owners and no 牵头: the first listed leads.
    let c = parse("（A局、B局按照各自职责分别负责）");
    assert_eq!(names(&c.lead), ["A局"]);
    assert_eq!(names(&c.responsible), ["B局"]);
    let c = parse("（A局为牵头单位，B局为配合单位）");
    assert_eq!(names(&c.lead), ["A局"]);
    assert_eq!(names(&c.responsible), ["B局"]);
    // A labelled list stops before units with a verb.
    let c = parse("（牵头单位：A局，B局配合）");
    assert_eq!(names(&c.lead), ["A局"]);
    assert_eq!(names(&c.responsible), ["B局"]);
}

/// A role word used as a noun inside a unit name stays in the name.
#[test]
fn role_word_as_noun() {
    let c = parse("（市发展改革委牵头，各专项工作组牵头单位按职责分工落实）");
    assert_eq!(names(&c.lead), ["市发展改革委"]);
    assert_eq!(names(&c.responsible), ["各专项工作组牵头单位"]);
    let c = parse("（牵头单位：市人社局，配合单位：各试点牵头单位，各县、市、区）");
    assert_eq!(names(&c.lead), ["市人社局"]);
    assert_eq!(names(&c.responsible), ["各试点牵头单位", "各县、市、区"]);
    // A unit whose name holds 协同 or 推进.
    assert_eq!(
        leads("（牵头单位：区协同创新中心、区项目推进办）"),
        ["区协同创新中心", "区项目推进办"]
    );
}

/// Collectives containing 、 or brackets are one entry.
#[test]
fn collectives_with_inner_separators() {
    for (text, unit) in [
        ("（责任单位：各县、市、区）", "各县、市、区"),
        ("（责任单位：各区县（市））", "各区县（市）"),
        (
            "（责任单位：各县（市、区）人民政府）",
            "各县（市、区）人民政府",
        ),
        ("（责任单位：各乡、镇、街道）", "各乡、镇、街道"),
        ("（责任单位：各县、市、区人民政府）", "各县、市、区人民政府"),
    ] {
        let c = parse(text);
        assert_eq!(names(&c.responsible), [unit], "{text}");
        assert!(c.responsible[0].collective, "{text}");
        let s = &text[c.responsible[0].span.clone()];
        assert_eq!(s, unit);
    }
    // Two collectives stay two.
    let c = parse("（责任单位：各街道、各部门）");
    assert_eq!(names(&c.responsible), ["各街道", "各部门"]);
}

/// A unit marked （牵头） in a list leads.
#[test]
fn lead_marker_in_list() {
    let s = "（责任单位：A局（牵头）、B局、C局）";
    let c = parse(s);
    assert_eq!(names(&c.lead), ["A局"]);
    assert_eq!(&s[c.lead[0].span.clone()], "A局");
    assert_eq!(names(&c.responsible), ["B局", "C局"]);
    assert!(c.lead_label.is_some());
    // A bracket inside a name is not a marker.
    let c = parse("（责任单位：区委办公室（区档案馆））");
    assert_eq!(names(&c.responsible), ["区委办公室（区档案馆）"]);
}

/// Label lines of their own, with or without brackets, full or half width.
#[test]
fn label_lines() {
    for line in [
        "牵头单位：A局",
        "牵头单位:A局",
        "【牵头单位】A局",
        "[牵头单位]A局",
        "【牵头单位】：A局",
        "牵头单位 A局",
        "  牵头单位：A局。",
    ] {
        assert!(starts_label_line(line), "{line}");
        let t = line.trim().trim_end_matches('。');
        let j = Joined::from_piece(t, 0..t.len());
        match parse_clause(&j, 0..t.len(), false) {
            Parsed::Clause(c) => assert_eq!(names(&c.lead), ["A局"], "{line}"),
            p => panic!("{line}: {p:?}"),
        }
    }
    assert!(starts_label_line("（牵头单位：A局）"));
    assert!(!starts_label_line("牵头抓好安全生产"));
    assert!(!starts_label_line("责任落实到位"));
}

/// Traditional characters from pages converted from traditional-script sites.
#[test]
fn traditional_characters() {
    let c = parse("（牽頭單位：市發展改革委；責任單位：市財政局；配合單位：各縣區政府）");
    assert_eq!(names(&c.lead), ["市發展改革委"]);
    assert_eq!(names(&c.responsible), ["市財政局", "各縣區政府"]);
    let c = parse("(市政府辦公室牽頭,市級各有關部門按職責分工負責)");
    assert_eq!(names(&c.lead), ["市政府辦公室"]);
    assert_eq!(names(&c.responsible), ["市級各有關部門"]);
}

/// The prefilter's words are the grammar's: every root and verb literal
/// of the grammar is a keyword, and every keyword starts a role part.
#[test]
fn keywords_come_from_the_grammar() {
    let k = keywords();
    for w in [
        "牵头", "牽頭", "主责", "主办", "责任", "配合", "协办", "协同", "参与", "负责", "落实",
    ] {
        assert!(k.iter().any(|x| x == w), "{w} missing from {k:?}");
    }
    for w in k {
        assert!(has_keyword(&format!("（A局{w}）")), "{w}");
    }
    // Every lead and responsible root makes a label with a noun.
    for r in grammar_literals("lead_root") {
        let c = parse(&format!("（{r}单位：甲局）"));
        assert_eq!(names(&c.lead), ["甲局"], "{r}");
    }
    for r in grammar_literals("resp_root") {
        let c = parse(&format!("（{r}单位：甲局）"));
        assert_eq!(names(&c.responsible), ["甲局"], "{r}");
    }
    for r in grammar_literals("support_word") {
        let c = parse(&format!("（甲局牵头，乙局{r}）"));
        assert_eq!(names(&c.responsible), ["乙局"], "{r}");
    }
    for r in grammar_literals("owner_word") {
        let c = parse(&format!("（甲局{r}）"));
        assert_eq!(names(&c.lead), ["甲局"], "{r}");
    }
}

/// `safe_char` must exclude the first character of every stop that
/// starts with an ideograph, or units would run into 牵头, 配合…
#[test]
fn safe_char_is_in_step_with_unit_stop() {
    let excluded = safe_char_gaps();
    // The comment above the rule names the same characters.
    let grammar = include_str!("../../../grammar/clause.pest");
    for c in &excluded {
        assert!(
            grammar
                .lines()
                .any(|l| l.starts_with("//   ") && l.contains(*c)),
            "the comment above safe_char must name {c}"
        );
    }
    let mut stops = grammar_literals("unit_stop");
    for r in ["lead_word", "owner_word", "support_word", "duty", "adverb"] {
        stops.extend(grammar_literals(r));
    }
    assert!(stops.len() > 20, "{stops:?}");
    for stop in stops {
        let c = stop.chars().next().unwrap();
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            assert!(
                excluded.contains(&c),
                "safe_char must exclude {c} (stop {stop})"
            );
        }
    }
    // And it excludes nothing else: every gap is the start of some stop.
    assert!(excluded.len() < 40, "{excluded:?}");
}

/// The ideographs of U+4E00..U+9FFF that `safe_char`'s ranges leave out.
fn safe_char_gaps() -> Vec<char> {
    let grammar = include_str!("../../../grammar/clause.pest");
    let start = grammar.find("\nsafe_char").expect("safe_char rule");
    let end = start + grammar[start..].find("' }").expect("end of safe_char") + 1;
    let rule = &grammar[start..end];
    let bounds: Vec<u32> = rule
        .split("'\\u{")
        .skip(1)
        .map(|h| u32::from_str_radix(&h[..h.find('}').unwrap()], 16).unwrap())
        .collect();
    assert!(
        bounds.len() >= 2 && bounds.len().is_multiple_of(2),
        "{rule}"
    );
    let mut gaps = Vec::new();
    let mut next = 0x4E00;
    for pair in bounds.chunks(2) {
        assert!(
            pair[0] >= next && pair[0] <= pair[1],
            "ranges in order: {rule}"
        );
        gaps.extend((next..pair[0]).filter_map(char::from_u32));
        next = pair[1] + 1;
    }
    assert_eq!(next, 0xA000, "the ranges end at U+9FFF");
    gaps
}

#[test]
fn free_text_after_the_unit_list() {
    // A role phrase glued to the last unit ends the list.
    let c = parse(
        "〔责任单位：甲局、乙委按职责分工负责。具体任务均涉及各县人民政府，不再做分工，下同。〕",
    );
    assert_eq!(names(&c.responsible), ["甲局", "乙委"]);
    assert!(c.lead.is_empty());
    let c = parse("（责任单位：甲局、乙委等按职责分工负责）");
    assert_eq!(names(&c.responsible), ["甲局", "乙委"]);
    // Sentences after a comma are not units; the convention stated inside
    // the clause makes the first unit the lead.
    let c = parse("（责任单位：甲局、乙委，排在首位的为牵头单位，下同）");
    assert_eq!(names(&c.lead), ["甲局"]);
    assert_eq!(names(&c.responsible), ["乙委"]);
    let c = parse("(責任單位:甲局、乙委,排在首位的爲牽頭單位,下同)");
    assert_eq!(names(&c.lead), ["甲局"]);
    // A deadline after a comma.
    let c = parse("（牵头单位：甲局，6月底完成）");
    assert_eq!(names(&c.lead), ["甲局"]);
    assert_eq!(c.deadline.as_ref().unwrap().text, "6月底完成");
    // Units after a comma stay units.
    let c = parse("（责任单位：甲局，各街道）");
    assert_eq!(names(&c.responsible), ["甲局", "各街道"]);
}

#[test]
fn labels_separated_by_spaces_only() {
    let c = parse(
        "牵头领导:张三 责任单位:甲局 项目责任人:李四 配合单位:乙局、丙局 实际完成情况:已完成。",
    );
    assert_eq!(names(&c.responsible), ["甲局", "乙局", "丙局"]);
    assert_eq!(fields(&c, FieldKind::Leader), ["张三", "李四"]);
}

#[test]
fn a_unit_joined_to_a_collective() {
    let c = parse("（牵头单位：甲局；配合单位：乙局、丙局等市级有关部门）");
    assert_eq!(names(&c.responsible), ["乙局", "丙局", "市级有关部门"]);
    assert!(c.responsible[2].collective && !c.responsible[1].collective);
    let c = parse("（責任單位：州司法局、州委編辦及州直相關單位）");
    assert_eq!(
        names(&c.responsible),
        ["州司法局", "州委編辦", "州直相關單位"]
    );
    // 等 inside a name that is not followed by a collective stays.
    let c = parse("（责任单位：区发改局、各平台公司）");
    assert_eq!(names(&c.responsible), ["区发改局", "各平台公司"]);
}

/// No vocabulary-reading code keeps a role-word list of its own: a string
/// literal that is exactly a role root, role verb or role label
/// of the grammar may appear only in the grammar (and in tests). The
/// readers call `lead_roots()`, `resp_roots()`, `label_nouns()`… instead.
#[test]
fn no_role_word_list_outside_the_grammar() {
    // (Unit nouns alone, 单位/部门, are ordinary words of unit names.)
    let mut words: Vec<String> = [
        "lead_root",
        "resp_root",
        "lead_word",
        "owner_word",
        "support_word",
    ]
    .iter()
    .flat_map(|r| grammar_literals(r))
    .collect();
    for noun in grammar_literals("label_noun") {
        for r in grammar_literals("lead_root")
            .into_iter()
            .chain(grammar_literals("resp_root"))
        {
            words.push(format!("{r}{noun}"));
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut bad = Vec::new();
    for dir in ["parse", "model", "link", "names"] {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&d) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                    continue;
                }
                if p.extension().is_none_or(|x| x != "rs") || p.ends_with("clause/tests.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&p).unwrap();
                // Test modules may name words freely.
                let code = text.split("#[cfg(test)]").next().unwrap_or("");
                for (n, line) in code.lines().enumerate() {
                    let line = line.split("//").next().unwrap_or("");
                    for lit in line.split('"').skip(1).step_by(2) {
                        if words.iter().any(|w| w == lit) {
                            bad.push(format!("{}:{}: \"{lit}\"", p.display(), n + 1));
                        }
                    }
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "role words outside the grammar:\n{}",
        bad.join("\n")
    );
}

/// Every label of issue 9's list, as a bracketed clause and as a line:
/// lead labels give leads, the others responsible units.
#[test]
fn every_label_of_the_issue() {
    for (label, lead) in [
        ("牵头单位", true),
        ("牵头部门", true),
        ("牵头推进单位", true),
        ("牵头实施部门", true),
        ("主责单位", true),
        ("主办单位", true),
        ("牵头处室", true),
        ("牽頭單位", true),
        ("责任单位", false),
        ("责任部门", false),
        ("责任主体", false),
        ("配合单位", false),
        ("协办单位", false),
        ("协同单位", false),
        ("参与单位", false),
        ("配合科室", false),
        ("責任單位", false),
        ("配合單位", false),
    ] {
        for text in [format!("（{label}：甲局）"), format!("({label}:甲局)")] {
            let c = parse(&text);
            let got = if lead { &c.lead } else { &c.responsible };
            assert_eq!(names(got), ["甲局"], "{text}");
        }
        assert!(starts_label_line(&format!("{label}：甲局")), "{label}");
    }
}

/// A lead verb at the head of a labelled list, and units joined by 和.
#[test]
fn lead_verb_inside_a_labelled_list() {
    let c = parse("责任单位：甲市局和乙市局分别牵头、丙局");
    assert_eq!(names(&c.lead), ["甲市局", "乙市局"]);
    assert_eq!(names(&c.responsible), ["丙局"]);
    let c = parse("（甲局、乙委分别牵头，丙局配合）");
    assert_eq!(names(&c.lead), ["甲局", "乙委"]);
    // 和 inside a name is not a conjunction.
    for name in [
        "区住房和城乡建设局",
        "区市场和质量监管局",
        "区人力资源和社会保障局",
    ] {
        let c = parse(&format!("（责任单位：{name}）"));
        assert_eq!(names(&c.responsible), [name]);
    }
    let c = parse("（责任单位：区商务局和区交通局、区发改局）");
    assert_eq!(names(&c.responsible), ["区商务局", "区交通局", "区发改局"]);
}

/// A note stating the convention in brackets after the last unit.
#[test]
fn convention_note_after_the_last_unit() {
    for note in [
        "（列第一位者为牵头或汇总单位，下同）",
        "(列第一位者为工作牵头单位或汇总单位,下同)",
        "（排在首位的为牵头单位）",
        "（列第一位的责任单位为牵头单位）",
    ] {
        let s = format!("责任单位：甲局、乙局{note}");
        let c = parse(&s);
        assert_eq!(names(&c.lead), ["甲局"], "{s}");
        assert_eq!(names(&c.responsible), ["乙局"], "{s}");
        let j = Joined::from_piece(&s, 0..s.len());
        assert!(states_first_leads(&c, &j), "{s}");
    }
    // A bracket that is part of a name stays.
    let c = parse("（责任单位：甲局、区委办公室（区档案馆））");
    assert_eq!(names(&c.responsible), ["甲局", "区委办公室（区档案馆）"]);
}

/// A sentence about the tasks is a note, not units with a role verb.
#[test]
fn sentence_about_tasks_is_not_units() {
    let c = parse("（牵头单位：甲局；责任单位：市直有关部门、单位，各区政府。以下任务均需各区政府落实，不再一一列出）");
    assert_eq!(names(&c.lead), ["甲局"]);
    assert_eq!(names(&c.responsible), ["市直有关部门、单位", "各区政府"]);
    assert!(fields(&c, FieldKind::Note)
        .iter()
        .any(|f| f.starts_with("以下任务")));
}

/// Both readings of a region: the plain reader where it applies, and the
/// grammar alone.
fn both(s: &str, bracketed: bool) -> (bool, String, String) {
    let j = Joined::from_piece(s, 0..s.len());
    let plain = plain_clause(s, bracketed).is_some();
    let fast = format!("{:?}", parse_with(&j, 0..s.len(), bracketed, true));
    let grammar = format!("{:?}", parse_with(&j, 0..s.len(), bracketed, false));
    (plain, fast, grammar)
}

/// Every role label a plain clause may start with (a role root and a unit
/// noun of the grammar) reads as the grammar reads it.
#[test]
fn plain_reader_every_label() {
    let roots = lead_roots().iter().chain(resp_roots());
    let mut n = 0;
    for root in roots {
        for noun in label_nouns() {
            for (s, bracketed) in [
                (
                    format!("（{root}{noun}：区财政局、区分局，各街道办事处）"),
                    true,
                ),
                (format!("({root}{noun}:甲局;责任单位:乙局,丙局)"), true),
                (format!("牵头单位：甲局；{root}{noun}：乙局"), false),
            ] {
                let (plain, fast, grammar) = both(&s, bracketed);
                assert!(plain, "{s}");
                assert_eq!(fast, grammar, "{s}");
                n += 1;
            }
        }
    }
    assert!(n > 100);
}

/// The plain reader and the grammar agree on every bracketed region and
/// line of the fixtures' documents, and the plain reader takes most of the
/// labelled clauses there.
#[test]
fn plain_reader_matches_grammar_on_fixtures() {
    let (mut regions, mut plain_n) = (0, 0);
    for (p, text) in crate::parse::fixture_texts() {
        for line in text.lines() {
            let mut pieces: Vec<(String, bool)> = crate::parse::bracket_regions(line)
                .into_iter()
                .filter(|(_, closed)| *closed)
                .map(|(r, _)| (line[r].to_string(), true))
                .collect();
            pieces.extend(
                line.split(['。', '（', '）', '(', ')'])
                    .map(|s| (s.trim().to_string(), false)),
            );
            for (s, bracketed) in pieces {
                if s.is_empty() || !has_keyword(&s) {
                    continue;
                }
                let (plain, fast, grammar) = both(&s, bracketed);
                assert_eq!(fast, grammar, "{}: {s}", p.display());
                regions += 1;
                plain_n += usize::from(plain);
            }
        }
    }
    assert!(regions > 1000, "{regions}");
    assert!(plain_n > 200, "{plain_n} of {regions}");
}

/// Words looked up by their first character give the first word of the
/// list, in its order, that starts a text: on every word of the lists the
/// plain reader uses, their prefixes, and each followed by another word.
#[test]
fn words_by_first_character_are_the_lists_first_match() {
    let lists: Vec<Vec<String>> = vec![
        lead_roots().to_vec(),
        resp_roots().to_vec(),
        label_nouns().to_vec(),
        grammar_literals("unit_stop"),
        grammar_literals("first_note"),
        grammar_literals("time_word"),
    ];
    let mut n = 0;
    for list in &lists {
        let words = Words::of(list);
        for a in list.iter().chain(lists.iter().flatten()) {
            let cuts: Vec<usize> = a.char_indices().map(|(k, _)| k).skip(1).collect();
            let texts = std::iter::once(a.clone())
                .chain(cuts.iter().map(|&k| a[..k].to_string()))
                .chain(list.iter().map(|b| format!("{a}{b}")))
                .chain(std::iter::once(format!("{a}局")));
            for t in texts {
                let want = list.iter().map(String::as_str).find(|w| t.starts_with(w));
                assert_eq!(words.first(&t), want, "{t}");
                assert_eq!(words.starts(&t), want.is_some(), "{t}");
                n += usize::from(want.is_some());
            }
        }
    }
    assert!(n > 1000, "{n}");
}

/// A plain clause built in place in a task body ([`parse_clause`]) is the
/// clause the memo's path gives (the region parsed alone, its spans mapped
/// through the body), also when the body is cut into pieces at every
/// character of the region and the region does not start the body; and
/// [`is_clause`] answers as the memo's reading does.
#[test]
fn plain_clauses_in_place_match_the_memo_path() {
    let mut regions = Vec::new();
    for (_, text) in crate::parse::fixture_texts() {
        for line in text.lines() {
            for (r, closed) in crate::parse::bracket_regions(line) {
                if closed {
                    regions.push((line[r].to_string(), true));
                }
            }
            regions.extend(
                line.split(['。', '（', '）', '(', ')'])
                    .map(|s| (s.trim().to_string(), false)),
            );
        }
    }
    regions.push(("（牵头单位：区财政局；责任单位：各县、市、区，市直有关部门、单位，区商务局和区交通局，区住建局等市级有关部门）".into(), true));
    regions.retain(|(s, b)| !s.is_empty() && plain_clause(s, *b).is_some());
    regions.sort();
    regions.dedup();
    assert!(regions.len() > 200, "{}", regions.len());
    let (mut n, mut gaps) = (0, 0);
    for (s, bracketed) in &regions {
        let bracketed = *bracketed;
        assert!(is_clause(s, bracketed), "{s}");
        assert!(
            matches!(parse_piece(s, bracketed), Parsed::Clause(_)),
            "{s}"
        );
        // The region after a lead-in, cut by a line break before the
        // character at `cut` (none at 0).
        let cuts: Vec<usize> = std::iter::once(0)
            .chain(s.char_indices().map(|(k, _)| k).filter(|&k| k > 0))
            .collect();
        for cut in cuts {
            let src = if cut == 0 {
                format!("前文。{s}")
            } else {
                format!("前文。{}\n{}", &s[..cut], &s[cut..])
            };
            let lead = "前文。".len();
            let mut body = Joined::new();
            if cut == 0 {
                body.push(&src, 0..src.len());
            } else {
                body.push(&src, 0..lead + cut);
                body.push(&src, lead + cut + 1..src.len());
                gaps += 1;
            }
            assert_eq!(&body.text[lead..], s.as_str());
            let range = lead..body.text.len();
            let in_place = format!("{:?}", parse_clause(&body, range.clone(), bracketed));
            let by_piece = format!("{:?}", parse_clause_by_piece(&body, range, bracketed));
            assert_eq!(in_place, by_piece, "{s} cut at {cut}");
            n += 1;
        }
    }
    assert!(gaps > 1000, "{gaps} of {n}");
}

/// Made-up clauses near the plain shape (stop words, time words, role
/// roots, notes and separators in every place): where the plain reader
/// takes one, it reads it as the grammar does.
#[test]
fn plain_reader_matches_grammar_near_its_shape() {
    const PIECES: &[&str] = &[
        "区",
        "财政局",
        "生态环境分局",
        "各街道办事处",
        "市直有关部门",
        "单位",
        "分别",
        "分",
        "等",
        "等部门",
        "为",
        "作为",
        "安全",
        "牵头",
        "负责",
        "配合",
        "落实",
        "组织",
        "具体",
        "全力",
        "按",
        "职责",
        "年底",
        "6月",
        "十二月",
        "长期",
        "以下",
        "各项任务",
        "第一",
        "列",
        "首位",
        "责任",
        "主要",
        "领导",
        "责任人",
        "完成时限",
        "、",
        "，",
        ",",
        "；",
        "：",
        " ",
        "（",
        "）",
        "和",
        "及",
        "局",
        "委",
        "主体",
        "部门",
        "政协",
        "共青团",
        "依法",
        "根据",
    ];
    const LABELS: &[&str] = &[
        "牵头单位：",
        "责任单位：",
        "配合部门:",
        "主要责任单位：",
        "协办单位：",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut plain_n = 0;
    for _ in 0..20_000 {
        let mut s = String::new();
        for p in 0..1 + next(3) {
            if p > 0 {
                s.push_str(["；", ";", "，"][next(3)]);
            }
            s.push_str(LABELS[next(LABELS.len())]);
            for _ in 0..1 + next(6) {
                s.push_str(PIECES[next(PIECES.len())]);
            }
        }
        let bracketed = next(2) == 0;
        if bracketed {
            s = format!("（{s}）");
        }
        let (plain, fast, grammar) = both(&s, bracketed);
        assert_eq!(fast, grammar, "{s}");
        plain_n += usize::from(plain);
    }
    assert!(plain_n > 1000, "{plain_n}");
}

/// `FIRST_NOTE_STARTS` holds the first characters of the words `first_note`
/// can start with: its optional first group and the group after it.
#[test]
fn first_note_starts_in_step_with_the_grammar() {
    let line = GRAMMAR
        .lines()
        .find(|l| l.starts_with("first_note"))
        .expect("first_note rule");
    let body = &line[line.find('{').unwrap() + 1..];
    let groups: Vec<&str> = body.split(" ~ ").collect();
    assert!(groups[0].trim().ends_with(")?"), "{}", groups[0]);
    assert!(!groups[1].trim().ends_with('?'), "{}", groups[1]);
    let mut firsts: Vec<char> = groups[..2]
        .iter()
        .flat_map(|g| g.split('"').skip(1).step_by(2))
        .filter_map(|w| w.chars().next())
        .collect();
    firsts.sort_unstable();
    firsts.dedup();
    let mut expected = FIRST_NOTE_STARTS.to_vec();
    expected.sort_unstable();
    assert_eq!(firsts, expected);
    assert!(is_first_note("排在首位的为牵头单位"));
    assert!(is_first_note("第一位为牵头单位"));
    assert!(!is_first_note("牵头单位"));
}

/// `rules/collective.toml` read from its build-time form gives what `toml`
/// gives.
#[test]
fn collective_file_reads_as_toml_reads_it() {
    crate::load::embedded::assert_same::<Collective>(include_str!(
        "../../../rules/collective.toml"
    ));
}

/// The keyword scan answers what a search for each word answers (an
/// Aho-Corasick automaton over the grammar's keywords, and one over its
/// roots), on text made of the words, their halves, other ideographs,
/// punctuation, ASCII and four-byte characters.
mod keyword_scan {
    use super::*;
    use proptest::prelude::*;

    fn pieces() -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for w in keywords().iter().chain(lead_roots()).chain(resp_roots()) {
            v.push(w.clone());
            let cs: Vec<char> = w.chars().collect();
            v.push(cs[..cs.len() / 2].iter().collect());
            v.push(cs[cs.len() / 2..].iter().collect());
        }
        for p in [
            "区", "局", "主", "任", "（", "）", "。", "、", "：", "a", "1", " ", "\u{3000}", "é",
            "𠀀", "ａ", "〇", "单位", "工作",
        ] {
            v.push(p.to_string());
        }
        v.retain(|p| !p.is_empty());
        v
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        #[test]
        fn scan_matches_automata(picks in proptest::collection::vec(0usize..1000, 0..14)) {
            let p = pieces();
            let s: String = picks.iter().map(|k| p[k % p.len()].as_str()).collect();
            let kw = aho_corasick::AhoCorasick::new(keywords()).unwrap();
            let roots: Vec<&String> = lead_roots().iter().chain(resp_roots()).collect();
            let rt = aho_corasick::AhoCorasick::new(roots).unwrap();
            prop_assert_eq!(has_keyword(&s), kw.is_match(&s), "{}", s);
            let (k, r) = keyword_and_root(&s);
            prop_assert_eq!(k, kw.is_match(&s), "{}", s);
            // The root is asked for only when a keyword is there.
            if k {
                prop_assert_eq!(r, rt.is_match(&s), "{}", s);
            }
        }
    }
}

#[path = "../../../build/grammar_literals.rs"]
mod grammar_literals_reader;

#[test]
fn built_grammar_literals_are_the_grammars() {
    let rules = grammar_literals_reader::rule_names(GRAMMAR);
    assert!(
        rules.contains(&"lead_root") && rules.len() > 10,
        "{rules:?}"
    );
    for r in rules {
        assert_eq!(
            grammar_literals(r),
            grammar_literals_reader::literals_of(GRAMMAR, r),
            "{r}"
        );
    }
    assert!(grammar_literals("no_such_rule").is_empty());
}
