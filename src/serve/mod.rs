//! `explainer serve`: a live preview for editors. Builds the site into
//! memory, serves the last good build, rebuilds when a file is saved, and
//! tells every open page to reload — or, when the rebuild failed, to show
//! the errors over the page while the last good build stays served.
//!
//! Rebuilds are incremental (`incremental::Session`): a save reloads its
//! file, re-resolves, and re-renders only the outputs that read something
//! that changed. The terminal says what was redone.
//!
//! The library never prints: what happens is handed to the caller as
//! [`Event`]s, and the binary decides how to show them.

mod http;
mod watch;

use crate::diagnostic::Diagnostic;
use crate::incremental::{Files, Outcome, Session};
use crate::BuildOptions;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::{extract::State, routing::get, Router};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::watch as channel;

pub use http::{content_type, resolve, Target};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holds site.yaml).
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port (the address is reported in [`Event::Listening`]).
    pub port: u16,
    pub drafts: bool,
    /// The day review dates are checked against (`--today`).
    pub today: Option<crate::model::review::Day>,
}

/// What the server tells its caller, for the terminal.
#[derive(Debug)]
pub enum Event {
    /// Serving at `url`; `exposed` when reachable from other machines.
    Listening { url: String, exposed: bool },
    /// Files changed on disk; a rebuild follows.
    Changed { paths: Vec<PathBuf> },
    Built {
        generation: u64,
        ms: u64,
        pages: usize,
        files: usize,
        warnings: Vec<Diagnostic>,
        /// What was redone, e.g. `1 of 79 pages re-rendered (1 Markdown body)`.
        redone: String,
    },
    /// The rebuild failed; the previous build is still served.
    Failed {
        generation: u64,
        ms: u64,
        errors: Vec<Diagnostic>,
    },
    /// The file watcher reported a problem (it keeps going).
    WatchProblem(String),
}

/// One build as served: the files, and what the last rebuild reported.
pub struct Snapshot {
    /// Goes up by one on every rebuild, failed or not; pages reload on it.
    pub generation: u64,
    /// Output path with `/` separators -> bytes, from the last good build.
    pub files: Arc<Files>,
    /// Pages left out as drafts (output path, content file), for the 404
    /// page: asking for one is the draft trap.
    pub drafts: Vec<(String, String)>,
    /// Errors of the last rebuild; empty when it succeeded.
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    /// What is past its review date (notes), oldest first.
    pub stale: Vec<Diagnostic>,
    pub build_ms: u64,
}

/// State shared by the request handlers and the rebuild thread. Swapping the
/// whole snapshot in one step means a request sees one build or the next,
/// never a mix.
pub struct Shared {
    tx: channel::Sender<Arc<Snapshot>>,
}

impl Shared {
    fn current(&self) -> Arc<Snapshot> {
        self.tx.borrow().clone()
    }
}

type Report = Arc<dyn Fn(Event) + Send + Sync>;

/// Build once more and turn the result into the next snapshot.
fn rebuild(
    session: &mut Session,
    changed: &[PathBuf],
    previous: Option<&Snapshot>,
    report: &Report,
) -> Snapshot {
    let started = Instant::now();
    let generation = previous.map_or(1, |p| p.generation + 1);
    let outcome = session.rebuild(changed);
    let ms = started.elapsed().as_millis() as u64;
    match outcome {
        Outcome::Built {
            files,
            warnings,
            stale,
            summary,
            drafts,
        } => {
            report(Event::Built {
                generation,
                ms,
                pages: summary.pages_total,
                files: files.len(),
                warnings: warnings.clone(),
                redone: summary.describe(),
            });
            Snapshot {
                generation,
                files,
                drafts,
                errors: Vec::new(),
                warnings,
                stale,
                build_ms: ms,
            }
        }
        Outcome::Failed { diagnostics } => {
            let (errors, warnings): (Vec<_>, Vec<_>) =
                diagnostics.into_iter().partition(Diagnostic::is_error);
            report(Event::Failed {
                generation,
                ms,
                errors: errors.clone(),
            });
            Snapshot {
                generation,
                files: previous.map(|p| p.files.clone()).unwrap_or_default(),
                drafts: previous.map(|p| p.drafts.clone()).unwrap_or_default(),
                errors,
                warnings,
                stale: previous.map(|p| p.stale.clone()).unwrap_or_default(),
                build_ms: ms,
            }
        }
    }
}

/// The event stream every open page listens to: the current build first,
/// then one event per rebuild.
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl futures_util::Stream<Item = Result<SseEvent, Infallible>>> {
    let rx = shared.tx.subscribe();
    let stream = futures_util::stream::unfold((rx, true), |(mut rx, first)| async move {
        if !first {
            rx.changed().await.ok()?;
        }
        let snap = rx.borrow_and_update().clone();
        let data = serde_json::json!({
            "generation": snap.generation,
            "ok": snap.errors.is_empty(),
        })
        .to_string();
        Some((
            Ok(SseEvent::default().event("build").data(data)),
            (rx, false),
        ))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn bind_failed(addr: SocketAddr, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot listen on {addr}: {e}"))
        .hint("another program may use that port: pass --port with another number, or --port 0 for any free one")
}

/// Run the preview server until the process is stopped. Returns only when
/// it cannot start (or the server fails).
pub fn serve(
    opts: &ServeOptions,
    report: impl Fn(Event) + Send + Sync + 'static,
) -> Result<(), Diagnostic> {
    // Nothing to preview: say where we looked, rather than serve nothing.
    if !opts.root.join("site.yaml").is_file() {
        return Err(crate::load::config::no_site_yaml(&opts.root));
    }
    let report: Report = Arc::new(report);
    let wanted = SocketAddr::new(opts.bind, opts.port);
    // Bind before the first build: its base_url needs the real port.
    let listener = std::net::TcpListener::bind(wanted).map_err(|e| bind_failed(wanted, e))?;
    let addr = listener.local_addr().map_err(|e| bind_failed(wanted, e))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| bind_failed(addr, e))?;
    let host = match addr.ip() {
        ip if ip.is_unspecified() => "localhost".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", addr.port());
    let build_opts = BuildOptions {
        root: opts.root.clone(),
        output: None,
        base_url: Some(url.clone()),
        drafts: opts.drafts,
        today: opts.today,
    };

    let mut session = Session::new(build_opts.clone());
    let first = rebuild(&mut session, &[], None, &report);
    let (tx, _) = channel::channel(Arc::new(first));
    let shared = Arc::new(Shared { tx });

    watch::start(build_opts, session, shared.clone(), report.clone())?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::error(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::from_std(listener).map_err(|e| bind_failed(addr, e))?;
        let app = Router::new()
            .route("/__explainer/events", get(events))
            .fallback(http::handle)
            .with_state(shared);
        report(Event::Listening {
            url,
            exposed: !addr.ip().is_loopback(),
        });
        axum::serve(listener, app)
            .await
            .map_err(|e| Diagnostic::error(format!("the server stopped: {e}")))
    })
}
