use super::*;

fn same(a: &str, b: &str) -> bool {
    same_unit(a, b, &Confusables::builtin()).is_some()
}

#[test]
fn typos_are_the_same_unit() {
    assert!(same("区工业和信息化和科技局", "区工业信息化和科技局"));
    assert!(same("区工业和信息化科技局", "区工业信息化和科技局"));
    assert!(same("区域管局", "区城管局"));
    assert!(same("茵云湖街道", "崮云湖街道"));
    assert!(same("区教育局体育局", "区教育体育局"));
    assert!(same("区住房和城乡建设局", "区住房城乡建设局"));
}

#[test]
fn different_units_stay_apart() {
    assert!(!same("区民政局", "区财政局"));
    assert!(!same("区教育局", "区教育体育局"));
    assert!(!same("区水务局", "区城乡水务局"));
    assert!(!same("区财政局", "市财政局"));
    assert!(!same("工人新村南村街道", "工人新村北村街道"));
    assert!(!same("区委组织部", "区委宣传部"));
    assert!(!same("区应急局", "区医保局"));
    assert!(!same("平安街道", "文昌街道"));
    assert!(!same("区农发公司", "区产发集团"));
    assert!(!same("市生态环境局长清分局", "市公安局长清区分局"));
    assert!(!same("区第一中学", "区第二中学"));
    // A distinctive character dropped from a short core: another unit.
    assert!(!same("区二中", "区中"));
    assert!(!same("南湖街道", "湖街道"));
}

#[test]
fn distinctive_indels_only_between_corpus_spellings() {
    let c = Confusables::builtin();
    assert!(same("区住房城建设局", "区住房城乡建设局"));
    assert!(same("区信市访局", "区信访局"));
    assert!(same("区委直机关工委", "区委区直机关工委"));
    assert!(same_unit_within("区信市访局", "区信访局", &c, Limits::REGISTRY).is_none());
}

#[test]
fn abbreviations_are_the_same_unit() {
    let c = Confusables::builtin();
    assert!(abbreviates("县发改局", "县发展改革局", &c));
    assert!(abbreviates("县发改委", "县发改局", &c));
    assert!(abbreviates("县发改委", "县发展和改革局", &c));
    assert!(abbreviates("区市场监管局", "区市场监督管理局", &c));
    assert!(abbreviates("市工信局", "市工业和信息化局", &c));
    assert!(abbreviates("区住建局", "区住房和城乡建设局", &c));
    assert!(!abbreviates("区一中", "区第一中学", &c));
    assert!(!abbreviates("区南湖管委会", "区北湖生态管委会", &c));
    assert!(!abbreviates("区教育局", "区教育体育局", &c));
    assert!(!abbreviates("区水务局", "区城乡水务局", &c));
    assert!(!abbreviates("区农业局", "区农业农村局", &c));
    assert!(!abbreviates("县发改局", "市发展改革局", &c));
    assert!(!abbreviates("区民政局", "区民族宗教事务局", &c));
    assert!(!abbreviates("县财政局", "县发改委", &c));
    assert!(!abbreviates("县科技局", "县科学技术协会", &c));
}

fn cost_of(a: &str, b: &str) -> f32 {
    difference(a, b, &Confusables::builtin()).cost
}

fn close(x: f32, y: f32) -> bool {
    (x - y).abs() < 1e-4
}

#[test]
fn costs_are_pinned() {
    // One edit of each kind, written → known.
    assert!(close(
        cost_of("区住房和城乡建设局", "区住房城乡建设局"),
        0.1
    ));
    assert!(close(cost_of("茵云湖街道", "崮云湖街道"), 0.3)); // hand-listed
    assert!(close(cost_of("区审记局", "区审计局"), 0.3)); // ji4 = ji4
    assert!(close(cost_of("区民证局", "区民政局"), 0.3)); // zheng4 = zheng4
    assert!(close(cost_of("区司发局", "区司法局"), 0.4)); // fa1 / fa3
    assert!(close(cost_of("区往建局", "区住建局"), 0.4)); // same four-corner code
    assert!(close(cost_of("区统计计局", "区统计局"), 0.4)); // doubled
    assert!(close(cost_of("区医疗保障局局", "区医疗保障局"), 0.4));
    assert!(close(cost_of("区政民局", "区民政局"), 0.5)); // swapped
    assert!(close(cost_of("区退役军人事局", "区退役军人事务局"), 0.8)); // dropped
    assert!(close(cost_of("区卫生建康局", "区卫生健康局"), 0.3)); // jian4 = jian4
    assert!(close(cost_of("区卫生快康局", "区卫生健康局"), 1.0)); // plain
                                                                  // A distinctive character dropped.
    assert!(close(cost_of("区信市访局", "区信访局"), 1.5));
    // A distinctive character changed costs at least two distinctive
    // edits (dropped and inserted): two typos, never the same unit.
    assert!(cost_of("工人新村北村街道", "工人新村南村街道") >= 2.0 * cost::DISTINCTIVE_INDEL);
    assert!(cost_of("区第二中学", "区第一中学") >= 2.0 * cost::DISTINCTIVE_INDEL);
    // The constants themselves, in the order the module doc gives.
    let order = [
        cost::CONNECTOR,
        cost::CONFUSABLE,
        cost::SIMILAR_SOUND,
        cost::TRANSPOSE,
        cost::INDEL,
        cost::PLAIN,
        cost::DISTINCTIVE_INDEL,
        cost::BLOCKED,
    ];
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    assert!(close(cost::SAME_SOUND, cost::CONFUSABLE));
    assert!(close(cost::SHAPE, cost::SIMILAR_SOUND));
    assert!(close(cost::DOUBLE, cost::SHAPE));
}

#[test]
fn generated_shapes_hold_the_classic_pairs() {
    let c = Confusables::builtin();
    for p in [
        "己已", "未末", "土士", "侯候", "辨辩", "睛晴", "城域", "贷货", "理里", "崮茵",
    ] {
        let v: Vec<char> = p.chars().collect();
        let k = c.sub_kind(v[0], v[1]);
        assert!(
            matches!(k, SubKind::Shape | SubKind::Confusable),
            "{p}: {k:?}"
        );
    }
    assert_eq!(c.sub_kind('计', '记'), SubKind::SameSound);
    assert_eq!(c.sub_kind('民', '财'), SubKind::Plain);
    assert_eq!(c.sub_kind('南', '北'), SubKind::Blocked);
    assert_eq!(c.sub_kind('大', '新'), SubKind::Blocked);
    assert_eq!(c.sub_kind('十', '拾'), SubKind::SameSound);
    assert!(c.neighbours('计').contains(&'记'));
    assert!(c.neighbours('城').contains(&'域'));
}

#[test]
fn short_names_take_one_typo() {
    let c = Confusables::builtin();
    let reg = |a: &str, b: &str| same_unit_within(a, b, &c, Limits::REGISTRY).is_some();
    assert!(reg("区司发局", "区司法局"));
    assert!(reg("区审记局", "区审计局"));
    assert!(reg("区民证局", "区民政局"));
    assert!(reg("区统计计局", "区统计局"));
    assert!(reg("区政民局", "区民政局"));
    assert!(reg("区民政和局", "区民政局"));
    assert!(reg("区民局", "区民政局"));
    assert!(reg("区民政府局", "区民政局"));
    // A plain change in a short name is another unit.
    assert!(!reg("区财政局", "区民政局"));
    assert!(!reg("区审计局", "区统计局"));
    // Two typos are too many.
    assert!(!reg("区审记局局", "区审计局"));
    assert!(!reg("区司发局局", "区司法局"));
}

#[test]
fn the_index_finds_every_one_edit_neighbour() {
    let c = Confusables::builtin();
    let names = [
        "区司法局",
        "区审计局",
        "区民政局",
        "区住房和城乡建设局",
        "崮云湖街道",
    ];
    let ix = NameIndex::new(names, &c);
    let found =
        |q: &str| -> Vec<&str> { ix.candidates(q, &c).into_iter().map(|k| names[k]).collect() };
    assert!(found("区司发局").contains(&"区司法局"));
    assert!(found("区审计计局").contains(&"区审计局"));
    assert!(found("区政民局").contains(&"区民政局"));
    assert!(found("区民局").contains(&"区民政局"));
    assert!(found("区住房城乡建设局").contains(&"区住房和城乡建设局"));
    assert!(found("区住房与城乡建设局局").contains(&"区住房和城乡建设局"));
    assert!(found("茵云湖街道").contains(&"崮云湖街道"));
    assert!(found("区文化和旅游局").is_empty());
}

#[test]
fn describes_the_difference() {
    let c = Confusables::builtin();
    let d = difference("区域管局", "区城管局", &c);
    assert_eq!(d.describe(&c), "“域”与“城”形近");
    let d = difference("区工业和信息化和科技局", "区工业信息化和科技局", &c);
    assert_eq!(d.describe(&c), "多了“和”");
    let d = difference("区教育局体育局", "区教育体育局", &c);
    assert_eq!(d.describe(&c), "多了“局”");
    let d = difference("区工业和信息化科技局", "区工业信息化和科技局", &c);
    assert_eq!(d.describe(&c), "“和”的位置不同");
}

#[test]
fn suffixes_and_prefixes() {
    assert_eq!(suffix_type("崮云湖街道"), "街道");
    assert_eq!(suffix_type("市公安局长清区分局"), "分局");
    assert_eq!(suffix_type("大学城管委会"), "管委会");
    assert_eq!(level_prefix("区财政局"), Some('区'));
    assert_eq!(level_prefix("团区委"), None);
}

/// The static tables `build.rs` compiles are what the runtime TOML reader
/// makes of `rules/shapes.toml` and `rules/confusables.toml`, and the files
/// are valid for it.
#[test]
fn compiled_tables_equal_the_toml_files() {
    let compiled = Confusables::builtin();
    let read = Confusables::builtin_from_toml();
    assert!(compiled.same_tables(&read));
    assert!(compiled.sub_kind('己', '已') == SubKind::Confusable);
    assert_eq!(compiled.sub_kind('睛', '晴'), read.sub_kind('睛', '晴'));
}
