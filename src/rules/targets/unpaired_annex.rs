use crate::declare_rule;
use crate::diag::Diagnostic;
use crate::link::pair::unpaired_annexes;
use crate::rules::{Context, Rule, RuleMeta};

declare_rule! {
    /// ## 检查内容
    /// 检查范围内有工作报告，却没有一份与这份责任分工同一地区，分工未做对照。
    ///
    /// 文字大体相同的报告也算同一地区。每份分工只提示一次。
    ///
    /// ## 为什么
    /// 一个文件夹里常常放着不同地区、不同年度的文件。把一个地区的分工与另
    /// 一个地区的报告对照，会报出几十条不存在的“目标不一致”“找不到出处”。
    /// gwlint 只在有同一地区的迹象时配对：两份文件写明的地区相同（标题、
    /// 题注、发文机关：`长清区人民政府`、`2026年内蒙古自治区政府工作报告`），
    /// 一方写明的地区在另一方文中出现（`长清`），或单位名称的层级一致
    /// （`区发展改革局` 与某区的报告）；否则要分工的文字大半能在报告中找到。
    /// 都不满足时不配对，并用这条提示说明分工没有被对照。
    ///
    /// ## 示例
    /// ```text
    /// === 报告.txt ===
    /// 2025年天桥区政府工作报告
    /// ——2025年1月7日在天桥区第十九届人民代表大会第四次会议上
    /// 加快推进黄河大街建设。
    /// === 分工.md ===
    /// 长清区人民政府办公室关于印发2025年《政府工作报告》重点工作责任分工的通知
    /// 1.加快推进农批市场二期项目建设。（牵头单位：区商务局）
    /// ```
    ///
    /// ## 应改为
    /// ```text
    /// === 报告.txt ===
    /// 2025年长清区政府工作报告
    /// ——2025年1月8日在长清区第十八届人民代表大会第五次会议上
    /// 加快推进农批市场二期项目建设。
    /// === 分工.md ===
    /// 长清区人民政府办公室关于印发2025年《政府工作报告》重点工作责任分工的通知
    /// 1.加快推进农批市场二期项目建设。（牵头单位：区商务局）
    /// ```
    ///
    /// 确实要对照两份文件时，用 `--pair 报告=分工` 明确指定。
    ///
    /// ## 配置
    /// 无选项；可在 `rules.toml` 中调整级别或关闭。
    pub struct UnpairedAnnex {
        name: "unpaired-annex",
        category: Consistency,
        fix: None,
        message: ["检查范围内没有与这份责任分工同一地区的工作报告，未做对照"],
        message_en: ["no work report from the same place as this annex was checked; it was not reconciled"],
        explain_en: "Work reports were checked, but none is from the same place as this annex, so the annex was not reconciled with any report. Pairing an annex with another place's report would report dozens of non-existent differences, so gwlint pairs only on evidence of the same place.",
    }
}

impl Rule for UnpairedAnnex {
    fn check_corpus(&self, meta: &RuleMeta, cx: &Context, out: &mut Vec<Diagnostic>) {
        let reports = match cx.whole {
            Some(w) => w.reports,
            None => cx
                .docs
                .iter()
                .filter(|d| d.kind == crate::model::DocKind::Report)
                .count(),
        };
        for f in unpaired_annexes(cx.docs, cx.links, cx.whole.map(|w| w.free_report)) {
            let doc = &cx.docs[f];
            let at = doc
                .title
                .as_ref()
                .map(|t| t.span.clone())
                .or_else(|| doc.tasks.first().map(|t| t.numbering.span.clone()))
                .unwrap_or(0..0);
            out.push(
                Diagnostic::new(
                    meta,
                    f,
                    at,
                    crate::i18n::pick("检查范围内没有与这份责任分工同一地区的工作报告，未做对照", "no work report from the same place as this annex was checked; it was not reconciled").to_string(),
                )
                .with_label(crate::i18n::pick("这份分工没有与任何报告对照", "this annex was not reconciled with any report"))
                .with_note(crate::tr!("检查范围内的 {reports} 份工作报告都写明了别的地区，或与分工既无同一地区的迹象、文字也大多对不上", "the {reports} work reports checked name other places, or show no sign of the same place and mostly differ in wording"
                ))
                .with_help(crate::i18n::pick("把同一地区的工作报告一起检查，或用 --pair 报告=分工 明确指定配对", "check the same place's work report with it, or pair them explicitly with --pair REPORT=ANNEX")),
            );
        }
    }
}
