//! Human output: codespan-reporting diagnostics with the exact characters
//! underlined (CJK double width handled by codespan's unicode-width).

use codespan_reporting::diagnostic::{
    Diagnostic as CsDiagnostic, Label as CsLabel, LabelStyle, Severity as CsSeverity,
};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor::WriteColor};

use super::{Applicability, Diagnostic, Severity};
use crate::load::SourceFile;

/// Adapts gwlint's sources to codespan's `Files`.
pub struct SourceFiles<'a>(pub &'a [SourceFile]);

impl<'a> Files<'a> for SourceFiles<'a> {
    type FileId = usize;
    type Name = std::borrow::Cow<'a, str>;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<Self::Name, FilesError> {
        self.0
            .get(id)
            .map(|f| crate::load::escape_name(&f.name))
            .ok_or(FilesError::FileMissing)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.0
            .get(id)
            .map(|f| f.text.as_str())
            .ok_or(FilesError::FileMissing)
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let f = self.0.get(id).ok_or(FilesError::FileMissing)?;
        Ok(f.line_index(byte_index.min(f.text.len())))
    }

    fn column_number(
        &'a self,
        id: usize,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        // codespan's default counts characters from the line start, once
        // per label: quadratic on a long line. The source's index is not.
        let f = self.0.get(id).ok_or(FilesError::FileMissing)?;
        let start = *f
            .line_starts()
            .get(line_index)
            .ok_or(FilesError::FileMissing)?;
        let byte = byte_index.clamp(start, f.text.len());
        Ok(f.char_offset(byte) - f.char_offset(start) + 1)
    }

    fn line_range(
        &'a self,
        id: usize,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, FilesError> {
        let f = self.0.get(id).ok_or(FilesError::FileMissing)?;
        let starts = f.line_starts();
        let start = *starts.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: starts.len() - 1,
        })?;
        let end = starts.get(line_index + 1).copied().unwrap_or(f.text.len());
        Ok(start..end)
    }
}

/// Converts one diagnostic to codespan's form.
pub fn to_codespan(d: &Diagnostic) -> CsDiagnostic<usize> {
    let severity = match d.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
        Severity::Info => CsSeverity::Note,
    };
    let mut labels =
        vec![
            CsLabel::new(LabelStyle::Primary, d.primary.file, d.primary.span.clone())
                .with_message(&d.primary.message),
        ];
    labels.extend(d.secondary.iter().map(|l| {
        CsLabel::new(LabelStyle::Secondary, l.file, l.span.clone()).with_message(&l.message)
    }));
    let mut notes: Vec<String> = d.notes.iter().map(|n| n.to_string()).collect();
    if let Some(h) = &d.help {
        notes.push(crate::tr!("帮助：{h}", "help: {h}"));
    }
    if let Some(f) = &d.fix {
        let how = match f.applicability {
            Applicability::Safe => crate::i18n::pick("可用 --fix 自动修复", "fix with --fix"),
            Applicability::Unsafe => crate::i18n::pick(
                "可用 --fix --unsafe-fixes 修复，请人工确认",
                "fix with --fix --unsafe-fixes, then review",
            ),
            Applicability::DisplayOnly => crate::i18n::pick("仅供参考", "for reference only"),
        };
        notes.push(crate::tr!("修复：{}（{how}）", "fix: {} ({how})", f.title));
    }
    CsDiagnostic::new(severity)
        .with_code(format!("{} {}", d.code, d.name))
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// Writes diagnostics to `out`. Each is rendered into a scratch buffer
/// first and written with one call: codespan writes a diagnostic in dozens
/// of small pieces, which cost more than the rendering when they each go
/// through the colour and localisation layers to the output.
pub fn emit(
    out: &mut dyn WriteColor,
    sources: &[SourceFile],
    diags: &[Diagnostic],
) -> std::io::Result<()> {
    use codespan_reporting::term::termcolor::{Ansi, NoColor};
    let files = SourceFiles(sources);
    let config = term::Config::default();
    let colour = out.supports_color();
    let mut scratch: Vec<u8> = Vec::new();
    for d in diags {
        scratch.clear();
        if colour {
            emit_one(&mut Ansi::new(&mut scratch), &files, &config, sources, d)?;
        } else {
            emit_one(&mut NoColor::new(&mut scratch), &files, &config, sources, d)?;
        }
        out.write_all(&scratch)?;
    }
    Ok(())
}

/// Writes one diagnostic to `out`.
fn emit_one(
    out: &mut dyn WriteColor,
    files: &SourceFiles,
    config: &term::Config,
    sources: &[SourceFile],
    d: &Diagnostic,
) -> std::io::Result<()> {
    let io = |e: FilesError| match e {
        FilesError::Io(io) => io,
        other => std::io::Error::other(other.to_string()),
    };
    // codespan's English severity word becomes gwlint's (错误/警告/提示).
    let mut localized = super::term::Localized::new(out, d.severity);
    let out = &mut localized;
    let mut cs = to_codespan(d);
    // Long lines are shown as excerpts around the labels.
    let labels: Vec<_> = cs
        .labels
        .iter()
        .map(|l| (l.file_id, l.range.clone()))
        .collect();
    match super::excerpt::Excerpts::build(sources, &labels) {
        Some((ex, mapped)) => {
            for (l, (id, span)) in cs.labels.iter_mut().zip(mapped) {
                l.file_id = id;
                l.range = span;
            }
            term::emit(out, config, &ex, &cs).map_err(io)
        }
        None => term::emit(out, config, files, &cs).map_err(io),
    }
}

/// Renders diagnostics without colour into a string (tests, reports).
pub fn to_string(sources: &[SourceFile], diags: &[Diagnostic]) -> String {
    let mut buf = term::termcolor::NoColor::new(Vec::new());
    emit(&mut buf, sources, diags).expect("writing to memory cannot fail");
    String::from_utf8(buf.into_inner()).expect("codespan writes UTF-8")
}
