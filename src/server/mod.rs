//! `gwlint server`: findings while typing, over the Language Server Protocol.
//!
//! # Brief overview
//! [`run`] speaks LSP over stdio (`lsp-server` for the transport,
//! `lsp-types` for the messages). Open documents are held in memory; a
//! change is checked after a short pause (debounce), an open or a save at
//! once. Each check runs the ordinary pipeline ([`crate::pipeline`]) on the
//! document and its pair only: the work report ↔ annex pair is found once per
//! open/save among the other open documents and the files beside it on disk
//! ([`workspace`]), then remembered, so typing re-checks two documents, not
//! the workspace.
//!
//! Positions are UTF-16 code units unless the client offers UTF-8
//! ([`position`]). Code actions offer each fix (safe ones preferred), a
//! suppression comment for the line, and "fix all safe"; hover shows the
//! rule's explanation (`gwlint rule CODE`).
//!
//! The server is a front end like the CLI: it builds configuration through
//! [`crate::config`] and renders [`crate::diag::Diagnostic`]s as LSP
//! diagnostics. It never writes files; edits go to the client.

mod actions;
mod position;
mod workspace;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types as lt;
use serde_json::{json, Value};

use crate::diag::{Diagnostic, Severity};
use crate::load::SourceFile;
use position::Enc;

/// How long a change waits for the next keystroke before it is checked.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// An open document.
struct Doc {
    uri: lt::Uri,
    path: PathBuf,
    text: String,
    version: i32,
    /// The last check, if any.
    checked: Option<Checked>,
}

/// The last check of a document: what code actions and hover answer from.
struct Checked {
    /// The document's text as checked (positions refer to it).
    source: SourceFile,
    /// Findings whose primary label is in this document.
    diagnostics: Vec<Diagnostic>,
}

struct State {
    conn: Connection,
    enc: Enc,
    /// Each document's configuration (its nearest `gwlint.toml`).
    configs: workspace::Configs,
    docs: BTreeMap<String, Doc>,
    /// Remembered partner of a document (by path), found at open/save.
    pairs: HashMap<PathBuf, Option<PathBuf>>,
    dirty: BTreeMap<String, Instant>,
    next_id: i32,
}

/// Runs the server on stdin/stdout until the client says `exit`.
pub fn run() -> miette::Result<u8> {
    let (conn, io) = Connection::stdio();
    let code = serve(conn)?;
    io.join().map_err(|e| {
        miette::miette!(
            "{}",
            crate::tr!(
                "语言服务器读写失败：{e}",
                "the language server failed to read or write: {e}"
            )
        )
    })?;
    Ok(code)
}

/// The error when the initialize handshake fails.
fn init_failed(e: impl std::fmt::Display) -> miette::Report {
    miette::miette!(
        "{}",
        crate::tr!(
            "语言服务器初始化失败：{e}",
            "the language server failed to start: {e}"
        )
    )
}

/// Serves one connection (stdio or, in tests, memory).
pub fn serve(conn: Connection) -> miette::Result<u8> {
    let (id, params) = conn.initialize_start().map_err(init_failed)?;
    let init: lt::InitializeParams = serde_json::from_value(params).unwrap_or_default();
    // The client may ask for English (`initializationOptions: {"lang": "en"}`);
    // otherwise the language of the command line (`gwlint server --lang en`).
    match init
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("lang"))
        .and_then(|l| l.as_str())
    {
        Some("en") => crate::i18n::set_lang(crate::i18n::Lang::En),
        Some("zh") => crate::i18n::set_lang(crate::i18n::Lang::Zh),
        _ => {}
    }
    let enc = Enc::negotiate(&init);
    let roots = workspace::roots(&init);
    let caps = json!({
        "capabilities": {
            "positionEncoding": enc.name(),
            "textDocumentSync": { "openClose": true, "change": 1, "save": { "includeText": false } },
            "codeActionProvider": { "codeActionKinds": ["quickfix", "source.fixAll.gwlint"] },
            "hoverProvider": true,
        },
        "serverInfo": { "name": "gwlint", "version": env!("CARGO_PKG_VERSION") }
    });
    conn.initialize_finish(id, caps).map_err(init_failed)?;
    let mut warnings = Vec::new();
    let configs = workspace::Configs::new(&roots, &mut warnings)?;
    let mut st = State {
        conn,
        enc,
        configs,
        docs: BTreeMap::new(),
        pairs: HashMap::new(),
        dirty: BTreeMap::new(),
        next_id: 1,
    };
    for w in warnings {
        st.show_message(lt::MessageType::WARNING, &w.to_string());
    }
    st.watch_config(&init);
    st.main_loop()
}

impl State {
    fn main_loop(&mut self) -> miette::Result<u8> {
        loop {
            let msg = match self.dirty.values().min().copied() {
                Some(due) => {
                    let wait = due.saturating_duration_since(Instant::now());
                    match self.conn.receiver.recv_timeout(wait) {
                        Ok(m) => Some(m),
                        Err(crossbeam_channel::RecvTimeoutError::Timeout) => None,
                        Err(_) => return Ok(0),
                    }
                }
                None => match self.conn.receiver.recv() {
                    Ok(m) => Some(m),
                    Err(_) => return Ok(0),
                },
            };
            match msg {
                None => self.flush_due(),
                Some(Message::Request(req)) => {
                    if self
                        .conn
                        .handle_shutdown(&req)
                        .map_err(|e| miette::miette!("{e}"))?
                    {
                        return Ok(0);
                    }
                    self.request(req);
                }
                Some(Message::Notification(n)) => {
                    if n.method == "exit" {
                        return Ok(0);
                    }
                    self.notification(n);
                }
                Some(Message::Response(_)) => {}
            }
        }
    }

    fn send(&self, m: Message) {
        let _ = self.conn.sender.send(m);
    }

    fn show_message(&self, typ: lt::MessageType, text: &str) {
        self.send(Message::Notification(Notification::new(
            "window/showMessage".into(),
            lt::ShowMessageParams {
                typ,
                message: format!("gwlint：{text}"),
            },
        )));
    }

    /// Asks the client to tell us when configuration files change.
    fn watch_config(&mut self, init: &lt::InitializeParams) {
        let dynamic = init
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        if !dynamic {
            return;
        }
        let id = self.next_id;
        self.next_id += 1;
        self.send(Message::Request(Request::new(
            RequestId::from(id),
            "client/registerCapability".into(),
            json!({ "registrations": [{
                "id": "gwlint-config",
                "method": "workspace/didChangeWatchedFiles",
                "registerOptions": { "watchers": [
                    { "globPattern": "**/gwlint.toml" },
                    { "globPattern": "**/rules/**/*.toml" }
                ] }
            }] }),
        )));
    }

    /// A message's parameters, or `None` with a log line for the client.
    fn params<T: serde::de::DeserializeOwned>(&self, method: &str, v: Value) -> Option<T> {
        match serde_json::from_value(v) {
            Ok(p) => Some(p),
            Err(e) => {
                self.send(Message::Notification(Notification::new(
                    "window/logMessage".into(),
                    lt::LogMessageParams {
                        typ: lt::MessageType::ERROR,
                        message: crate::tr!(
                            "gwlint：无法读取 {method} 的参数：{e}",
                            "gwlint: cannot read the parameters of {method}: {e}"
                        ),
                    },
                )));
                None
            }
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Some(p) = self.params::<lt::DidOpenTextDocumentParams>(&n.method, n.params)
                else {
                    return;
                };
                let uri = p.text_document.uri;
                let Some(path) = workspace::uri_path(&uri) else {
                    return;
                };
                let key = uri.as_str().to_string();
                self.docs.insert(
                    key.clone(),
                    Doc {
                        uri,
                        path,
                        text: p.text_document.text,
                        version: p.text_document.version,
                        checked: None,
                    },
                );
                self.check(&key, true);
            }
            "textDocument/didChange" => {
                let Some(p) = self.params::<lt::DidChangeTextDocumentParams>(&n.method, n.params)
                else {
                    return;
                };
                let key = p.text_document.uri.as_str().to_string();
                if let Some(doc) = self.docs.get_mut(&key) {
                    for c in p.content_changes {
                        match c.range {
                            None => doc.text = c.text,
                            Some(r) => {
                                let src = SourceFile::from_text("", &doc.text);
                                let s = self.enc.offset(&src, r.start);
                                let e = self.enc.offset(&src, r.end).max(s);
                                doc.text.replace_range(s..e, &c.text);
                            }
                        }
                    }
                    doc.version = p.text_document.version;
                    self.dirty.insert(key, Instant::now() + DEBOUNCE);
                }
            }
            "textDocument/didSave" => {
                let Some(p) = self.params::<lt::DidSaveTextDocumentParams>(&n.method, n.params)
                else {
                    return;
                };
                let key = p.text_document.uri.as_str().to_string();
                if let Some(path) = workspace::uri_path(&p.text_document.uri) {
                    if workspace::is_config(&path) {
                        self.reload();
                        return;
                    }
                }
                self.dirty.remove(&key);
                if self.docs.contains_key(&key) {
                    self.check(&key, true);
                }
            }
            "textDocument/didClose" => {
                let Some(p) = self.params::<lt::DidCloseTextDocumentParams>(&n.method, n.params)
                else {
                    return;
                };
                let key = p.text_document.uri.as_str().to_string();
                self.docs.remove(&key);
                self.dirty.remove(&key);
                self.publish(&p.text_document.uri, Vec::new(), None);
            }
            "workspace/didChangeWatchedFiles" => {
                let Ok(p) = serde_json::from_value::<lt::DidChangeWatchedFilesParams>(n.params)
                else {
                    return;
                };
                if p.changes
                    .iter()
                    .filter_map(|c| workspace::uri_path(&c.uri))
                    .any(|p| workspace::is_config(&p))
                {
                    self.reload();
                } else {
                    // A document on disk changed: pairs may change.
                    self.pairs.clear();
                }
            }
            _ => {}
        }
    }

    /// Reloads configuration (a `gwlint.toml` or rule file changed) and
    /// re-checks every open document.
    fn reload(&mut self) {
        self.configs.reload();
        self.pairs.clear();
        let keys: Vec<String> = self.docs.keys().cloned().collect();
        for k in keys {
            self.check(&k, true);
        }
    }

    /// The settings of a document, showing configuration problems once.
    fn settings_for(&mut self, path: &Path) -> workspace::ForDoc {
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let d = self.configs.for_doc(path, &mut errors, &mut warnings);
        for e in errors {
            self.show_message(
                lt::MessageType::ERROR,
                &crate::tr!(
                    "配置无效，暂用内置设置：{e}",
                    "invalid configuration, using the built-in settings for now: {e}"
                ),
            );
        }
        for w in warnings {
            self.show_message(lt::MessageType::WARNING, &w.to_string());
        }
        d
    }

    fn flush_due(&mut self) {
        let now = Instant::now();
        let due: Vec<String> = self
            .dirty
            .iter()
            .filter(|(_, t)| **t <= now)
            .map(|(k, _)| k.clone())
            .collect();
        for k in due {
            self.dirty.remove(&k);
            self.check(&k, false);
        }
    }

    /// Checks an open document with its pair and publishes the findings of
    /// both (when the pair is open too). `repair`: look for the pair again.
    fn check(&mut self, key: &str, repair: bool) {
        let Some(doc) = self.docs.get(key) else {
            return;
        };
        let path = doc.path.clone();
        let uri = doc.uri.clone();
        let version = doc.version;
        let me = workspace::source(&path, &doc.text);
        let cfg = self.settings_for(&path);
        if cfg.excluded {
            // Excluded by gwlint.toml: no findings, as `gwlint check`.
            if let Some(doc) = self.docs.get_mut(key) {
                doc.checked = None;
            }
            self.publish(&uri, Vec::new(), Some(version));
            return;
        }
        let settings = cfg.settings;
        let open: Vec<(PathBuf, String)> = self
            .docs
            .values()
            .filter(|d| d.path != path)
            .map(|d| (d.path.clone(), d.text.clone()))
            .collect();
        let partner = match self.pairs.get(&path) {
            Some(p) if !repair => p.clone(),
            _ => {
                let p = workspace::find_pair(&me, &open, &settings);
                self.pairs.insert(path.clone(), p.clone());
                if let Some(q) = &p {
                    self.pairs.insert(q.clone(), Some(path.clone()));
                }
                p
            }
        };
        let mut sources = vec![me];
        if let Some(q) = &partner {
            let text = open
                .iter()
                .find(|(p, _)| p == q)
                .map(|(_, t)| t.clone())
                .or_else(|| workspace::read(q));
            if let Some(t) = text {
                sources.push(workspace::source(q, &t));
            }
        }
        let mut run = crate::pipeline::check_sources(sources, &settings.data, &settings.parse);
        let pfi = &settings.per_file_ignores;
        let paths: Vec<PathBuf> = run.sources.iter().map(|s| s.path.clone()).collect();
        run.diagnostics
            .retain(|d| !pfi.ignores(&paths[d.primary.file], d.code, d.name));
        // Publish for this document and, if open, its partner.
        let uris: Vec<(usize, String)> = run
            .sources
            .iter()
            .enumerate()
            .filter_map(|(i, s)| {
                self.docs
                    .iter()
                    .find(|(_, d)| d.path == s.path)
                    .map(|(k, _)| (i, k.clone()))
            })
            .collect();
        for (i, k) in uris {
            let diags: Vec<Diagnostic> = run
                .diagnostics
                .iter()
                .filter(|d| d.primary.file == i)
                .cloned()
                .collect();
            let lsp: Vec<lt::Diagnostic> =
                diags.iter().map(|d| self.to_lsp(&run.sources, d)).collect();
            let doc = self.docs.get_mut(&k).expect("open");
            let version = doc.version;
            let uri = doc.uri.clone();
            // Positions of a partner that changed since are not ours to send.
            if run.sources[i].text != doc.text {
                continue;
            }
            doc.checked = Some(Checked {
                source: run.sources[i].clone(),
                diagnostics: diags,
            });
            self.publish(&uri, lsp, Some(version));
        }
    }

    fn publish(&self, uri: &lt::Uri, diagnostics: Vec<lt::Diagnostic>, version: Option<i32>) {
        self.send(Message::Notification(Notification::new(
            "textDocument/publishDiagnostics".into(),
            lt::PublishDiagnosticsParams {
                uri: uri.clone(),
                diagnostics,
                version,
            },
        )));
    }

    fn uri_of(&self, path: &Path) -> Option<lt::Uri> {
        if let Some(d) = self.docs.values().find(|d| d.path == path) {
            return Some(d.uri.clone());
        }
        workspace::path_uri(path)
    }

    fn to_lsp(&self, sources: &[SourceFile], d: &Diagnostic) -> lt::Diagnostic {
        let src = &sources[d.primary.file];
        let mut message = d.message.to_string();
        if let Some(h) = &d.help {
            message.push_str(crate::i18n::pick("\n建议：", "\nsuggestion: "));
            message.push_str(h);
        }
        let related: Vec<lt::DiagnosticRelatedInformation> = d
            .secondary
            .iter()
            .filter_map(|l| {
                let s = sources.get(l.file)?;
                Some(lt::DiagnosticRelatedInformation {
                    location: lt::Location {
                        uri: self.uri_of(&s.path)?,
                        range: self.enc.range(s, l.span.clone()),
                    },
                    message: if l.message.is_empty() {
                        s.name.clone()
                    } else if l.file != d.primary.file {
                        format!("{}（{}）", l.message, s.name)
                    } else {
                        l.message.to_string()
                    },
                })
            })
            .collect();
        lt::Diagnostic {
            range: self.enc.range(src, d.primary.span.clone()),
            severity: Some(match d.severity {
                Severity::Error => lt::DiagnosticSeverity::ERROR,
                Severity::Warning => lt::DiagnosticSeverity::WARNING,
                Severity::Info => lt::DiagnosticSeverity::INFORMATION,
            }),
            code: Some(lt::NumberOrString::String(d.code.to_string())),
            code_description: actions::rule_href(d.code),
            source: Some("gwlint".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: Some(json!({ "name": d.name })),
        }
    }

    fn request(&mut self, req: Request) {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            "textDocument/codeAction" => serde_json::from_value(req.params)
                .ok()
                .map(|p| self.code_actions(p)),
            "textDocument/hover" => serde_json::from_value(req.params)
                .ok()
                .map(|p| self.hover(p)),
            _ => {
                self.send(Message::Response(Response::new_err(
                    id,
                    lsp_server::ErrorCode::MethodNotFound as i32,
                    crate::tr!("不支持的请求：{}", "unsupported request: {}", req.method),
                )));
                return;
            }
        };
        self.send(Message::Response(Response::new_ok(
            id,
            result.unwrap_or(Value::Null),
        )));
    }

    /// Brings a document's findings up to date before answering about it.
    fn fresh(&mut self, key: &str) {
        if self.dirty.remove(key).is_some() {
            self.check(key, false);
        }
    }
}
