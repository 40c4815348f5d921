//! Line and CI formats: `concise`, `json-lines`, `github` (workflow
//! commands), `rdjson` (reviewdog), `junit` and `gitlab` (code quality).
//!
//! Each walks [`Output::diagnostics`] in order, so every format lists the
//! same findings in the same order. Columns are characters (1-based) except
//! in rdjson, whose columns count UTF-8 bytes as reviewdog's format defines.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::fingerprint;
use super::output::{fix_lines, Output};
use super::render_json::{self, Location};
use super::{Diagnostic, Severity};

/// `path:line:col: 级别[CODE] message`, one finding a line.
pub fn concise(o: &Output, out: &mut dyn Write) -> io::Result<()> {
    for d in o.diagnostics {
        let (line, col) = o.sources[d.primary.file].line_col(d.primary.span.start);
        writeln!(
            out,
            "{}:{line}:{col}: {}[{}] {}",
            o.path(d.primary.file),
            d.severity.word(),
            d.code,
            d.message
        )?;
        if o.show_fixes {
            for l in fix_lines(o, d) {
                writeln!(out, "    {l}")?;
            }
        }
    }
    Ok(())
}

/// One JSON diagnostic (the `diagnostics[]` objects of `--output-format
/// json`) per line.
pub fn json_lines(o: &Output, out: &mut dyn Write) -> io::Result<()> {
    // serde_json writes in small pieces: buffered here, they do not each
    // go through the dynamic writer.
    let mut w = io::BufWriter::with_capacity(1 << 16, out);
    for d in o.diagnostics {
        let v = render_json::diagnostic(o.sources, d);
        serde_json::to_writer(&mut w, &v).map_err(io::Error::other)?;
        w.write_all(b"\n")?;
    }
    w.flush()
}

/// Escapes the message of a workflow command.
fn gh_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value of a workflow command.
fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands: annotations on the pull request.
pub fn github(o: &Output, out: &mut dyn Write) -> io::Result<()> {
    for d in o.diagnostics {
        let loc = Location::new(o.sources, d.primary.file, &d.primary.span);
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            gh_property(loc.file),
            loc.line,
            loc.column,
            loc.end_line,
            loc.end_column,
            gh_property(&format!("{} {}", d.code, d.name)),
            gh_data(&d.message)
        )?;
    }
    Ok(())
}

fn rd_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

/// A reviewdog range: 1-based lines, 1-based UTF-8 byte columns.
fn rd_range(o: &Output, file: usize, span: &std::ops::Range<usize>) -> Value {
    let src = &o.sources[file];
    let pos = |byte: usize| {
        let byte = crate::load::floor_char_boundary(&src.text, byte);
        let line = src.line_index(byte);
        json!({"line": line + 1, "column": byte - src.line_starts()[line] + 1})
    };
    json!({"start": pos(span.start), "end": pos(span.end)})
}

/// reviewdog's rdjson: one document with every finding; fixes become
/// suggestions.
pub fn rdjson(o: &Output, out: &mut dyn Write) -> io::Result<()> {
    let diagnostics: Vec<Value> = o
        .diagnostics
        .iter()
        .map(|d| {
            let mut v = json!({
                "message": d.message,
                "location": {
                    "path": o.path(d.primary.file),
                    "range": rd_range(o, d.primary.file, &d.primary.span),
                },
                "severity": rd_severity(d.severity),
                "code": {"value": d.code},
            });
            if let Some(url) = super::render_sarif::help_uri(d.code, d.name) {
                v["code"]["url"] = json!(url);
            }
            if let Some(f) = &d.fix {
                v["suggestions"] = f
                    .edits
                    .iter()
                    .filter(|e| e.file == d.primary.file)
                    .map(|e| json!({"range": rd_range(o, e.file, &e.span), "text": e.replacement}))
                    .collect();
            }
            if !d.secondary.is_empty() {
                v["related_locations"] = d
                    .secondary
                    .iter()
                    .map(|l| {
                        json!({
                            "message": l.message,
                            "location": {"path": o.path(l.file), "range": rd_range(o, l.file, &l.span)},
                        })
                    })
                    .collect();
            }
            v
        })
        .collect();
    let doc = json!({
        "source": {"name": "gwlint", "url": super::render_sarif::HOMEPAGE},
        "severity": "WARNING",
        "diagnostics": diagnostics,
    });
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    writeln!(out)
}

/// Escapes text for XML content and attributes; drops characters XML 1.0
/// cannot carry.
pub fn xml_escape(s: &str) -> String {
    let mut r = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => r.push_str("&amp;"),
            '<' => r.push_str("&lt;"),
            '>' => r.push_str("&gt;"),
            '"' => r.push_str("&quot;"),
            '\'' => r.push_str("&apos;"),
            '\n' => r.push_str("&#10;"),
            '\t' | '\r' => r.push_str(&format!("&#{};", c as u32)),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => r.push(c),
        }
    }
    r
}

fn junit_failure(o: &Output, d: &Diagnostic) -> String {
    let (line, col) = o.sources[d.primary.file].line_col(d.primary.span.start);
    format!(
        "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{line}\">\n      <failure message=\"{}\" type=\"{}\">{}:{line}:{col}: {}[{}] {}</failure>\n    </testcase>\n",
        xml_escape(&format!("{} {}:{line}:{col}", d.code, o.path(d.primary.file))),
        xml_escape(o.path(d.primary.file)),
        xml_escape(o.path(d.primary.file)),
        xml_escape(&d.message),
        xml_escape(d.code),
        xml_escape(o.path(d.primary.file)),
        xml_escape(d.severity.word()),
        xml_escape(d.code),
        xml_escape(&d.message),
    )
}

/// JUnit XML: one test suite per checked file, one failed test case per
/// finding; a file without findings has one passing case.
pub fn junit(o: &Output, out: &mut dyn Write) -> io::Result<()> {
    let total = o.diagnostics.len();
    let mut body = String::new();
    let mut tests_total = 0;
    for (file, src) in o.sources.iter().enumerate() {
        let diags: Vec<&Diagnostic> = o
            .diagnostics
            .iter()
            .filter(|d| d.primary.file == file)
            .collect();
        let tests = diags.len().max(1);
        tests_total += tests;
        body.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
            xml_escape(&src.name),
            diags.len()
        ));
        if diags.is_empty() {
            body.push_str(&format!(
                "    <testcase name=\"gwlint\" classname=\"{}\" file=\"{}\"/>\n",
                xml_escape(&src.name),
                xml_escape(&src.name)
            ));
        }
        for d in diags {
            body.push_str(&junit_failure(o, d));
        }
        body.push_str("  </testsuite>\n");
    }
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"gwlint\" tests=\"{tests_total}\" failures=\"{total}\" errors=\"0\">\n{body}</testsuites>\n"
    )
}

/// GitLab code quality report (a JSON array).
pub fn gitlab(o: &Output, out: &mut dyn Write) -> io::Result<()> {
    let prints = fingerprint::fingerprints(o.sources, o.diagnostics);
    let items: Vec<Value> = o
        .diagnostics
        .iter()
        .zip(prints)
        .map(|(d, fp)| {
            let loc = Location::new(o.sources, d.primary.file, &d.primary.span);
            let severity = match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
            };
            json!({
                "description": format!("{} {}", d.code, d.message),
                "check_name": d.code,
                "fingerprint": fp,
                "severity": severity,
                "location": {
                    "path": loc.file,
                    "positions": {
                        "begin": {"line": loc.line, "column": loc.column},
                        "end": {"line": loc.end_line, "column": loc.end_column},
                    },
                },
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &items).map_err(io::Error::other)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_command_escapes() {
        assert_eq!(gh_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
        assert_eq!(gh_data("50%,x"), "50%25,x");
    }

    #[test]
    fn xml_escapes_and_drops_control_characters() {
        assert_eq!(
            xml_escape("<a & \"b\">\u{1}"),
            "&lt;a &amp; &quot;b&quot;&gt;"
        );
    }
}
