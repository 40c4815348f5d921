//! `gwlint server` driven as an editor would: spawn it, speak JSON-RPC with
//! Content-Length framing over stdio, and check what comes back.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next: i64,
    /// Messages read while waiting for something else.
    backlog: Vec<Value>,
}

const WAIT: Duration = Duration::from_secs(60);

impl Client {
    fn start(encodings: &[&str]) -> Client {
        Client::start_with(encodings, json!(null))
    }

    /// A server initialised with `initializationOptions`.
    fn start_with(encodings: &[&str], options: Value) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gwlint"))
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = 0usize;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut c = Client {
            child,
            stdin,
            rx,
            next: 1,
            backlog: Vec::new(),
        };
        let root = url(&PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let init = c.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root,
                "capabilities": { "general": { "positionEncodings": encodings } },
                "initializationOptions": options,
            }),
        );
        assert_eq!(init["result"]["serverInfo"]["name"], "gwlint");
        c.notify("initialized", json!({}));
        c
    }

    fn send(&mut self, v: Value) {
        let body = serde_json::to_vec(&v).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next;
        self.next += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The first message (read now or earlier) that `pred` accepts.
    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(m) if pred(&m) => return m,
                Ok(m) => self.backlog.push(m),
                Err(RecvTimeoutError::Timeout) => {
                    panic!("no such message; got {:#?}", self.backlog)
                }
                Err(_) => panic!("server closed; got {:#?}", self.backlog),
            }
        }
    }

    /// The next diagnostics published for `uri` (with `version`, if given).
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, uri: &str, text: &str) {
        let lang = if uri.ends_with(".md") {
            "markdown"
        } else {
            "plaintext"
        };
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": lang, "version": 1, "text": text } }),
        );
    }

    fn stop(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

/// A file URI as editors send it (non-ASCII percent-encoded).
fn url(p: &Path) -> String {
    url::Url::from_file_path(std::path::absolute(p).unwrap())
        .unwrap()
        .to_string()
}

fn by_code<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

fn pos(v: &Value) -> (u64, u64) {
    (
        v["line"].as_u64().unwrap(),
        v["character"].as_u64().unwrap(),
    )
}

/// An astral character (two UTF-16 units, four UTF-8 bytes) before the defect.
const ASTRAL: &str =
    "# 某区重点工作责任分工\n\n1.𠀀推进“一网通办”,提升审批效率。（牵头单位：区政务服务中心）\n";

#[test]
fn diagnostics_code_actions_and_hover_in_utf16() {
    let dir = tempfile::tempdir().unwrap();
    let uri = url(&dir.path().join("分工.md"));
    let mut c = Client::start(&["utf-16"]);
    c.open(&uri, ASTRAL);
    let diags = c.diagnostics(&uri, Some(1));
    let p001 = by_code(&diags, "P001");
    assert_eq!(p001.len(), 1, "{diags:#?}");
    let d = p001[0];
    // Line 2: "1." (2) + "𠀀" (2 units) + "推进" (2) + "“一网通办”" (6) = 12.
    assert_eq!(pos(&d["range"]["start"]), (2, 12));
    assert_eq!(pos(&d["range"]["end"]), (2, 13));
    assert_eq!(d["severity"], 2);
    assert_eq!(d["source"], "gwlint");
    assert!(d["message"].as_str().unwrap().contains("半角"), "{d}");

    // Code actions at the finding: the fix (preferred) and the suppression.
    let r = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let actions = r["result"].as_array().unwrap();
    let fix = actions
        .iter()
        .find(|a| a["isPreferred"] == true)
        .unwrap_or_else(|| panic!("{actions:#?}"));
    let edits = fix["edit"]["changes"][&uri].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["newText"], "，");
    assert_eq!(edits[0]["range"], d["range"]);
    let off = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("停用 P001"))
        .unwrap();
    let e = &off["edit"]["changes"][&uri][0];
    assert_eq!(e["newText"], "<!-- gwlint-disable-next-line P001 -->\n");
    assert_eq!(pos(&e["range"]["start"]), (2, 0));
    // Fix all safe, asked for by kind.
    let r = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": d["range"],
                "context": { "diagnostics": [], "only": ["source.fixAll"] } }),
    );
    let all = r["result"].as_array().unwrap();
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["kind"], "source.fixAll.gwlint");
    let new_text = all[0]["edit"]["changes"][&uri][0]["newText"]
        .as_str()
        .unwrap();
    assert!(new_text.contains("“一网通办”，提升"), "{new_text}");

    // Hover shows the rule's explanation.
    let r = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": d["range"]["start"] }),
    );
    let md = r["result"]["contents"]["value"].as_str().unwrap();
    assert!(md.contains("P001") && md.contains("## 检查内容"), "{md}");

    // A change re-checks: the fixed text has no P001.
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": uri, "version": 2 },
                "contentChanges": [ { "text": ASTRAL.replace(',', "，") } ] }),
    );
    let diags = c.diagnostics(&uri, Some(2));
    assert!(by_code(&diags, "P001").is_empty(), "{diags:#?}");
    c.stop();
}

/// The "disable CODE for the next line" action inserts a marker that
/// really silences the finding, changes nothing else and is not itself
/// reported, in Markdown and in plain text.
#[test]
fn the_suppression_action_silences_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = Client::start(&["utf-16"]);
    for name in ["分工.md", "分工.txt"] {
        let uri = url(&dir.path().join(name));
        c.open(&uri, ASTRAL);
        let diags = c.diagnostics(&uri, Some(1));
        let d = by_code(&diags, "P001")[0].clone();
        let r = c.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } }),
        );
        let actions = r["result"].as_array().unwrap();
        let off = actions
            .iter()
            .find(|a| a["title"].as_str().unwrap().contains("停用 P001"))
            .unwrap_or_else(|| panic!("{actions:#?}"));
        let e = &off["edit"]["changes"][&uri][0];
        let (line, col) = pos(&e["range"]["start"]);
        assert_eq!(col, 0);
        let at: usize = ASTRAL
            .split_inclusive('\n')
            .take(line as usize)
            .map(str::len)
            .sum();
        let mut text = ASTRAL.to_string();
        text.insert_str(at, e["newText"].as_str().unwrap());
        c.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": 2 },
                    "contentChanges": [ { "text": text } ] }),
        );
        let after = c.diagnostics(&uri, Some(2));
        let codes = |v: &[Value]| {
            let mut c: Vec<String> = v
                .iter()
                .map(|d| d["code"].as_str().unwrap().to_string())
                .collect();
            c.sort();
            c
        };
        let mut expected = codes(&diags);
        expected.retain(|c| c != "P001");
        assert_eq!(codes(&after), expected, "{name}: {text}\n{after:#?}");
    }
    c.stop();
}

#[test]
fn utf8_when_the_client_offers_it() {
    let dir = tempfile::tempdir().unwrap();
    let uri = url(&dir.path().join("分工.md"));
    let mut c = Client::start(&["utf-8", "utf-16"]);
    c.open(&uri, ASTRAL);
    let diags = c.diagnostics(&uri, Some(1));
    let d = by_code(&diags, "P001")[0];
    let line = ASTRAL.lines().nth(2).unwrap();
    let byte = line.find(',').unwrap() as u64;
    assert_eq!(pos(&d["range"]["start"]), (2, byte));
    c.stop();
}

#[test]
fn a_report_and_its_annex_are_reconciled() {
    // The annex is on disk only; the report is open (unsaved, not on disk).
    let dir = tempfile::tempdir().unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let annex = dir.path().join("分工.md");
    std::fs::copy(root.join("fixtures/seeds/changqing-2025-annex.md"), &annex).unwrap();
    let report_text =
        std::fs::read_to_string(root.join("fixtures/seeds/changqing-2025-report-news.txt"))
            .unwrap();
    let report_uri = url(&dir.path().join("报告.txt"));
    let annex_uri = url(&annex);

    let mut c = Client::start(&["utf-16"]);
    c.open(&report_uri, &report_text);
    let _ = c.diagnostics(&report_uri, Some(1));
    // Opening the annex pairs it with the open report.
    let annex_text = std::fs::read_to_string(&annex).unwrap();
    c.open(&annex_uri, &annex_text);
    let diags = c.diagnostics(&annex_uri, Some(1));
    let cross: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with('X'))
        .collect();
    assert!(!cross.is_empty(), "no X finding: {diags:#?}");
    let related = cross
        .iter()
        .flat_map(|d| {
            d["relatedInformation"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .any(|r| r["location"]["uri"] == report_uri);
    assert!(related, "no related location in the report: {cross:#?}");
    c.stop();
}

#[test]
fn the_workspace_gwlint_toml_is_honoured_and_reloaded() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("gwlint.toml");
    std::fs::write(&config, "ignore = [\"P001\"]\n").unwrap();
    let doc = dir.path().join("分工.md");
    let uri = url(&doc);
    let mut c = Client::start(&["utf-16"]);
    c.open(&uri, ASTRAL);
    let diags = c.diagnostics(&uri, Some(1));
    assert!(by_code(&diags, "P001").is_empty(), "{diags:#?}");
    // The file changes on disk; the client says so.
    std::fs::write(&config, "select = [\"P001\"]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": url(&config), "type": 2 }] }),
    );
    let diags = c.diagnostics(&uri, Some(1));
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["P001"], "{diags:#?}");
    // Saving gwlint.toml in the editor reloads it too; an invalid file is
    // reported and the built-in settings are used meanwhile.
    std::fs::write(&config, "selct = [\"P001\"]\n").unwrap();
    c.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": url(&config) } }),
    );
    let shown = c.wait(|m| m["method"] == "window/showMessage");
    let text = shown["params"]["message"].as_str().unwrap();
    assert!(text.contains("未知的配置项“selct”"), "{text}");
    let diags = c.diagnostics(&uri, Some(1));
    assert!(!by_code(&diags, "P001").is_empty(), "{diags:#?}");
    // exclude: no findings for the document.
    std::fs::write(&config, "exclude = [\"*.md\"]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": url(&config), "type": 2 }] }),
    );
    assert!(c.diagnostics(&uri, Some(1)).is_empty());
    c.stop();
}

/// `initializationOptions: {"lang": "en"}`: findings, hovers and code
/// actions in English, with the same codes and ranges.
#[test]
fn the_client_can_ask_for_english() {
    let dir = tempfile::tempdir().unwrap();
    let uri = url(&dir.path().join("分工.md"));
    let mut c = Client::start_with(&["utf-16"], json!({ "lang": "en" }));
    c.open(&uri, ASTRAL);
    let diags = c.diagnostics(&uri, Some(1));
    let d = by_code(&diags, "P001")[0].clone();
    assert_eq!(pos(&d["range"]["start"]), (2, 12));
    let msg = d["message"].as_str().unwrap();
    assert!(msg.starts_with("half-width"), "{msg}");
    let r = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let titles: Vec<&str> = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.iter().any(|t| t.starts_with("change to")),
        "{titles:?}"
    );
    assert!(
        titles.iter().any(|t| t.starts_with("disable P001")),
        "{titles:?}"
    );
    let h = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": d["range"]["start"] }),
    );
    let hover = h["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(hover.contains("half-width"), "{h}");
    c.stop();
}
