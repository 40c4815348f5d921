//! The typed document model every rule reads.
//!
//! The model does not know where its text came from (a `.txt` line, a `.docx`
//! paragraph or a table row): every piece of text is a [`Joined`] string whose
//! offsets map back to byte ranges of the decoded source. Physical lines that
//! belong together (a task body broken by a page break, a PDF hard wrap) are
//! joined into one logical string; spans still point at the original bytes.

pub mod inspect;
mod joined;

pub use joined::Joined;

use serde::Serialize;

/// A byte range into a [`crate::load::SourceFile::text`].
pub type Span = std::ops::Range<usize>;

/// What kind of document a file is, detected from its content.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// A responsibility annex (重点工作责任分工): numbered tasks with clauses.
    Annex,
    /// A government work report (政府工作报告), or a report of it.
    Report,
    /// An implementation opinion or work plan (实施意见、方案) with task clauses.
    Opinion,
    /// A plan outline (规划纲要) with 第X章/第X节.
    Plan,
    /// Nothing recognisable.
    Unknown,
}

impl DocKind {
    /// Whether numbered items in this kind of document assign work and so
    /// must name a lead unit.
    pub fn assigns_tasks(self) -> bool {
        matches!(self, DocKind::Annex | DocKind::Opinion | DocKind::Plan)
    }

    /// Label for messages, in the current language.
    pub fn label(self) -> &'static str {
        let pick = crate::i18n::pick;
        match self {
            DocKind::Annex => pick("责任分工", "task assignment annex"),
            DocKind::Report => pick("工作报告", "work report"),
            DocKind::Opinion => pick("实施意见", "implementation opinion"),
            DocKind::Plan => pick("规划纲要", "plan"),
            DocKind::Unknown => pick("未识别", "unknown"),
        }
    }
}

/// Numbering levels of headings and numbered items (GB/T 9704-2012 7.3.3
/// plus the chapter/section marks of plan outlines).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// 附件N
    Annex,
    /// 第X章
    Chapter,
    /// 第X节
    Section,
    /// 一、
    L1,
    /// （一）
    L2,
    /// 1.
    L3,
    /// （1）
    L4,
    /// ①
    L5,
}

impl Level {
    /// Rank used for nesting: smaller is higher.
    pub fn rank(self) -> u8 {
        match self {
            Level::Annex => 0,
            Level::Chapter => 1,
            Level::Section => 2,
            Level::L1 => 3,
            Level::L2 => 4,
            Level::L3 => 5,
            Level::L4 => 6,
            Level::L5 => 7,
        }
    }

    /// How the level is written, for messages.
    pub fn example(self) -> &'static str {
        match self {
            Level::Annex => "附件1",
            Level::Chapter => "第一章",
            Level::Section => "第一节",
            Level::L1 => "一、",
            Level::L2 => "（一）",
            Level::L3 => "1.",
            Level::L4 => "（1）",
            Level::L5 => "①",
        }
    }

    /// The level one step above in the 一、/（一）/1./（1） hierarchy.
    pub fn parent(self) -> Option<Level> {
        match self {
            Level::L2 => Some(Level::L1),
            Level::L3 => Some(Level::L2),
            Level::L4 => Some(Level::L3),
            Level::L5 => Some(Level::L4),
            Level::Section => Some(Level::Chapter),
            _ => None,
        }
    }
}

/// A numbering mark such as `（三）` or `12.`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Numbering {
    /// The level the mark belongs to.
    pub level: Level,
    /// The number's value (三 → 3).
    pub value: u32,
    /// The mark as written, e.g. `（三）`.
    pub raw: String,
    /// The mark's bytes in the source.
    pub span: Span,
}

/// A heading recognised by its numbering mark.
#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    /// The numbering mark.
    pub numbering: Numbering,
    /// Heading text after the mark (up to the first 。 when a paragraph follows
    /// on the same line), without Markdown emphasis.
    pub text: String,
    /// The whole physical line.
    pub span: Span,
    /// Number of Markdown `#` marks, when the line has them.
    pub md_depth: Option<u8>,
    /// The `#` marks' bytes.
    pub md_span: Option<Span>,
}

/// A unit named in a responsibility clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unit {
    /// The name as written (line breaks removed).
    pub name: String,
    /// Its bytes in the source.
    pub span: Span,
    /// A collective entry (各街镇, 相关部门, 各部门…) rather than one unit.
    pub collective: bool,
}

/// The syntactic form of a responsibility clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClauseForm {
    /// `（牵头单位：A；责任单位：B）`: labelled lists.
    Labelled,
    /// `（A牵头，B等部门按职责分工配合）`: units followed by 牵头.
    Suffix,
    /// `责任单位：A` on its own line, no brackets.
    Bare,
    /// `（潜江高新区）`: units in brackets at the end of a task with no role
    /// word; the first listed leads (as in many 任务清单).
    Unlabelled,
    /// Cells of a table row (序号 | 重点工作 | 牵头单位 | 责任单位); produced
    /// by table readers, which fill the same fields from the cells' spans.
    Table,
}

/// A responsibility clause.
#[derive(Debug, Clone, Serialize)]
pub struct Clause {
    /// The clause's bytes including its brackets.
    pub span: Span,
    /// The form it was written in.
    pub form: ClauseForm,
    /// The opening and closing bracket as written (`（`, `)`, `【`…); empty for bare clauses.
    pub brackets: (String, String),
    /// The 牵头 label (`牵头单位`, `牵头考核单位`, the `牵头` of a suffix form), if any.
    pub lead_label: Option<Span>,
    /// Lead units.
    pub lead: Vec<Unit>,
    /// The 责任单位/配合 label, if any.
    pub responsible_label: Option<Span>,
    /// Responsible / co-operating units.
    pub responsible: Vec<Unit>,
    /// A deadline written inside the clause (`6月底完成`), the first one
    /// when there are several (all are in [`Clause::fields`]).
    pub deadline: Option<Text>,
    /// Everything else the clause says, typed: deadlines and progress
    /// phrases, persons (责任领导：张三), scores (考核分值：5分), other
    /// `key：value` parts and free text.
    pub fields: Vec<Field>,
    /// Separators between units: `(span, char)` for every `、`, `，`, `,`, `；`… inside the lists.
    pub separators: Vec<(Span, char)>,
}

impl Clause {
    /// A clause of `span` written in `form`, with nothing read yet.
    pub fn blank(span: Span, form: ClauseForm) -> Clause {
        Clause {
            span,
            form,
            brackets: (String::new(), String::new()),
            lead_label: None,
            lead: Vec::new(),
            responsible_label: None,
            responsible: Vec::new(),
            deadline: None,
            fields: Vec::new(),
            separators: Vec::new(),
        }
    }
}

/// What a non-unit part of a clause holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    /// A deadline or progress phrase (`6月底前完成`, `完成时限：…`, `长期坚持`).
    Deadline,
    /// A person (`责任领导：张三`, `牵头市领导：李四`).
    Leader,
    /// Any other `key：value` part (`考核分值：5分`).
    Keyed,
    /// Free text of any wording (`年内见效`).
    Note,
}

/// A non-unit part of a clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Field {
    /// What it holds.
    pub kind: FieldKind,
    /// The key as written (`考核分值`), for keyed parts.
    pub key: Option<Text>,
    /// The value or the free text.
    pub value: Text,
}

/// A piece of text with its source span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    /// The text.
    pub text: String,
    /// Its bytes in the source.
    pub span: Span,
}

/// A numbered task (annex item, opinion item, or a target line with a 责任单位 line).
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    /// The numbering mark.
    pub numbering: Numbering,
    /// Everything from the mark to the end of the task (all its physical lines).
    pub span: Span,
    /// The task text with physical lines joined, clauses included.
    pub body: Joined,
    /// Every responsibility clause of the task, in text order: one at the
    /// end, one per sub-item, label lines of their own… The task's leads are
    /// the union of its clauses' leads.
    pub clauses: Vec<Clause>,
    /// Index into [`Document::headings`] of the nearest heading above.
    pub heading: Option<usize>,
    /// Where the body was split by a blank line mid-sentence.
    pub breaks: Vec<Span>,
}

impl Task {
    /// Whether the task has a responsibility clause at all.
    pub fn has_clause(&self) -> bool {
        !self.clauses.is_empty()
    }

    /// The clause that names the task's lead: the first one with a lead
    /// label, else the last clause.
    pub fn main_clause(&self) -> Option<&Clause> {
        self.clauses
            .iter()
            .find(|c| c.lead_label.is_some() && !c.lead.is_empty())
            .or_else(|| self.clauses.iter().find(|c| c.lead_label.is_some()))
            .or_else(|| self.clauses.last())
    }

    /// Whether any clause names a lead (a 牵头 label or verb, even with an
    /// empty list).
    pub fn has_lead_label(&self) -> bool {
        self.clauses.iter().any(|c| c.lead_label.is_some())
    }

    /// Lead units of all clauses (the union, in text order).
    pub fn lead(&self) -> impl Iterator<Item = &Unit> + '_ {
        self.clauses.iter().flat_map(|c| c.lead.iter())
    }

    /// Responsible units of all clauses.
    pub fn responsible(&self) -> impl Iterator<Item = &Unit> + '_ {
        self.clauses.iter().flat_map(|c| c.responsible.iter())
    }

    /// The task text before its last clause (sub-items' clauses stay in).
    pub fn text_before_clause(&self) -> &str {
        match self.clauses.last() {
            Some(c) => match self.body.from_source(c.span.start) {
                Some(i) => &self.body.text[..i],
                None => &self.body.text,
            },
            None => &self.body.text,
        }
    }
}

/// A paragraph of running text (report paragraphs, opinion prose).
#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    /// Its bytes in the source (all physical lines).
    pub span: Span,
    /// The text with hard wraps joined.
    pub text: Joined,
    /// `一是…二是…` enumerations found in it: the marker span and number.
    pub items: Vec<(Span, u32)>,
    /// Index into [`Document::headings`] of the nearest heading above.
    pub heading: Option<usize>,
}

/// A region the parser could not make sense of.
#[derive(Debug, Clone, Serialize)]
pub struct ParseIssue {
    /// Where.
    pub span: Span,
    /// What (Chinese, shown to users).
    pub message: String,
}

/// How tasks are numbered through the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NumberingScheme {
    /// One sequence through the whole document.
    Continuous,
    /// Restarts at 1 under each heading.
    PerHeading,
}

/// Which unit leads when a document never uses a 牵头 label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LeadConvention {
    /// Tasks name their lead explicitly.
    Explicit,
    /// Only 责任单位 is used; the first listed unit leads by convention.
    FirstResponsible,
}

/// A parsed document.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// Index of the source file in the run.
    pub file: usize,
    /// Detected (or forced) kind.
    pub kind: DocKind,
    /// Title lines found at the top, if recognised.
    pub title: Option<Text>,
    /// The year the document is about (from the title, or the first 20XX年).
    pub year: Option<Text>,
    /// Headings in order.
    pub headings: Vec<Heading>,
    /// Tasks in order.
    pub tasks: Vec<Task>,
    /// Running-text paragraphs in order.
    pub paragraphs: Vec<Paragraph>,
    /// The numbering level used for tasks, if the document has tasks.
    pub task_level: Option<Level>,
    /// How tasks are numbered.
    pub numbering: NumberingScheme,
    /// The lead convention detected.
    pub lead_convention: LeadConvention,
    /// Whether the text is hard-wrapped (PDF extraction: most lines broken
    /// mid-sentence), in which case single breaks are not reported.
    pub hard_wrapped: bool,
    /// Regions that could not be parsed.
    pub issues: Vec<ParseIssue>,
    /// Suppression markers and comments (see [`Suppression`]).
    pub suppressions: Suppressions,
}

/// How a suppression's scope was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SuppressionKind {
    /// `gwlint-disable-next-line`: the next line that is not blank and not a marker.
    NextLine,
    /// `gwlint-disable` … `gwlint-enable` (or the end of the file).
    Block,
    /// A Word comment `gwlint-disable…`: the commented characters.
    Comment,
}

/// One selector of one suppression marker: findings of the rules it names
/// whose primary span starts in (for Word comments: overlaps) `scope` are
/// not reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// How the scope was given.
    pub kind: SuppressionKind,
    /// A rule code, code prefix or rule name as written; `None`: every rule.
    pub selector: Option<String>,
    /// Where the selector is written (the whole marker when there is none;
    /// for Word comments, the commented characters).
    pub at: Span,
    /// The bytes whose findings it suppresses.
    pub scope: Span,
}

/// A document's suppression markers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Suppressions {
    /// Every selector of every marker, in document order.
    pub entries: Vec<Suppression>,
    /// Marker lines (their content): not document text, never flagged.
    pub lines: Vec<Span>,
    /// `gwlint-enable` markers (or their selectors) that ended nothing.
    pub stray_enables: Vec<Span>,
}

impl Suppressions {
    /// Whether the document has no marker at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.lines.is_empty() && self.stray_enables.is_empty()
    }

    /// Whether `pos` lies on a marker line.
    pub fn on_marker_line(&self, pos: usize) -> bool {
        let i = self.lines.partition_point(|l| l.end < pos);
        self.lines
            .get(i)
            .is_some_and(|l| l.start <= pos && pos <= l.end)
    }
}
