//! `dossier serve`: the site built in memory and served over HTTP, rebuilt
//! on every saved change, with live reload over Server-Sent Events.
//!
//! One thread owns the site as it is kept between edits
//! ([`incremental::Incremental`]) and rebuilds; the HTTP server (axum on
//! tokio) only reads the last good set of pages. A change to report bodies
//! re-renders only the pages it can change; a broken build keeps the last
//! good pages and sends the problems to the browser as an overlay. The
//! reload script is added to HTML as it is sent, never to what `build`
//! writes, and nothing is written to disk.

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify_debouncer_full::notify::RecursiveMode;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use crate::diag::{self, Diagnostic, Files};
use crate::error::{Fatal, IoAction};
use crate::theme::{StaticFile, is_ignored};

pub mod incremental;
mod search;

use incremental::{BodyOnly, Incremental, RunResult};

/// Path prefix of dossier's own endpoints; no site page can start with it.
const PREFIX: &str = "/__dossier/";

/// The folders of a site that `serve` watches, besides `dossier.yaml`.
const WATCHED: [&str; 5] = ["content", "themes", "templates", "static", "i18n"];

/// The folders whose files make the theme: templates and static files.
const THEME_DIRS: [&str; 3] = ["themes", "templates", "static"];

/// The page sent for every request while no build has succeeded yet; the
/// live script adds the problems over it.
const NOTHING_YET: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>The site has errors</title>\n</head>\n<body>\n<h1>The site has errors</h1>\n<p>Nothing has been built yet. Fix the errors that <code>dossier serve</code> printed; this page reloads by itself.</p>\n</body>\n</html>\n";

/// The script added to every HTML page that `serve` sends.
const LIVE_JS: &str = include_str!("serve_live.js");

pub struct Options {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub drafts: bool,
    pub open: bool,
}

/// What the server sends: the last good pages, and the problems of the
/// last build if it failed.
#[derive(Default)]
struct Served {
    pages: HashMap<String, Arc<[u8]>>,
    problems: Option<String>,
    /// Counts published builds; a page knows the version it was sent with,
    /// so a browser that missed a reload event still notices on reconnect.
    version: u64,
}

struct Shared {
    served: RwLock<Served>,
    /// Event name and data; browsers drop an event whose data is empty.
    events: broadcast::Sender<(&'static str, String)>,
}

/// Runs `dossier serve` until Ctrl-C. `Err` when it cannot start or the
/// server fails.
pub fn serve(options: Options) -> Result<(), Fatal> {
    let root = options
        .root
        .canonicalize()
        .map_err(Fatal::at(IoAction::Open, &options.root))?;
    let (events, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        served: RwLock::new(Served::default()),
        events,
    });
    // The site is read by the path as given, so messages name files as
    // the user knows them; the watcher uses the resolved path.
    let mut builder = Builder {
        site: Incremental::new(&options.root, options.drafts),
        root: root.clone(),
        shared: shared.clone(),
        statics: HashSet::new(),
        indexer: search::Indexer::start(shared.clone()),
    };
    builder.start()?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Fatal::StartServer)?;
    let listener = runtime.block_on(bind(options.bind, options.port))?;
    // Ctrl-C and SIGTERM stop the server; the handlers are installed before
    // the address is printed, so a stop request is never the default kill.
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let signals = runtime.block_on(async {
        use tokio::signal::unix::{SignalKind, signal};
        for kind in [SignalKind::interrupt(), SignalKind::terminate()] {
            let mut stream = signal(kind)?;
            let tx = stop_tx.clone();
            tokio::spawn(async move {
                stream.recv().await;
                let _ = tx.send(true);
            });
        }
        Ok::<(), std::io::Error>(())
    });
    signals.map_err(Fatal::Signals)?;
    let addr = listener.local_addr().ok();
    let url = match addr {
        Some(SocketAddr::V6(a)) => format!("http://[{}]:{}/", a.ip(), a.port()),
        Some(a) => format!("http://{}:{}/", a.ip(), a.port()),
        None => String::from("(unknown address)"),
    };
    // The watcher feeds the builder thread; the thread owns the site.
    let (tx, rx) = mpsc::channel();
    let mut debouncer = notify_debouncer_full::new_debouncer(Duration::from_millis(25), None, tx)
        .map_err(|source| Fatal::Watch {
        path: root.clone(),
        source,
    })?;
    let _ = debouncer.watch(&root, RecursiveMode::NonRecursive);
    // Bibliography files outside the watched folders (`refs/library.bib`).
    if let Ok(text) = std::fs::read_to_string(root.join("dossier.yaml"))
        && let Ok(config) = crate::config::parse(0, &text)
    {
        for dir in crate::bibliography::folders_to_watch(&root, &config) {
            let _ = debouncer.watch(&dir, RecursiveMode::NonRecursive);
        }
        // The folder of a `.csl` style file (`styles/house.csl`).
        if config.citation_style.ends_with(".csl")
            && let Some(dir) = root.join(&config.citation_style).parent()
            && dir != root
        {
            let _ = debouncer.watch(dir, RecursiveMode::NonRecursive);
        }
    }
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            let _ = debouncer.watch(&path, RecursiveMode::Recursive);
        }
    }
    let watcher = std::thread::spawn(move || {
        let mut debouncer = debouncer;
        builder.watch(rx, &mut debouncer);
    });

    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} exposes the site (and its drafts) to other machines on the network",
            options.bind
        );
    }
    eprintln!("serving the site at {url} (Ctrl-C to stop)");
    if options.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }

    let app = Router::new()
        .route("/__dossier/events", get(event_stream))
        .route("/__dossier/live.js", get(live_js))
        .fallback(page)
        .with_state(shared);
    let result = runtime.block_on(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let mut stop = stop_rx;
                let _ = stop.changed().await;
            })
            .await
    });
    // Open event streams would hold a graceful shutdown forever.
    runtime.shutdown_timeout(Duration::from_millis(200));
    drop(watcher);
    result.map_err(Fatal::Serve)?;
    eprintln!("stopped");
    Ok(())
}

/// Binds `port`, or the next free one, saying which were taken.
async fn bind(ip: IpAddr, port: u16) -> Result<tokio::net::TcpListener, Fatal> {
    let mut port = port;
    for _ in 0..20 {
        match tokio::net::TcpListener::bind((ip, port)).await {
            Ok(listener) => return Ok(listener),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                eprintln!("port {port} is taken; trying {}", port.wrapping_add(1));
                port = port.wrapping_add(1);
            }
            Err(source) => return Err(Fatal::Listen { ip, port, source }),
        }
    }
    Err(Fatal::NoFreePort {
        from: port - 20,
        to: port,
    })
}

/// The builder: owns the site kept between edits and turns file changes
/// into new pages.
struct Builder {
    site: Incremental,
    root: PathBuf,
    shared: Arc<Shared>,
    /// The output paths of the static files last put into memory.
    statics: HashSet<String>,
    /// Builds the search index after the pages are served.
    indexer: search::Indexer,
}

/// What a batch of file changes asks for.
#[derive(Debug, Default, PartialEq, Eq)]
struct Changes {
    config: bool,
    theme: bool,
    /// Only stylesheets changed: swap them in the browser.
    css_only: bool,
    content: Vec<String>,
    /// Other paths under `content/`: folders created, renamed or removed,
    /// and the files of bundles.
    folders: Vec<String>,
}

impl Builder {
    fn watch(
        &mut self,
        rx: mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
        debouncer: &mut impl Watch,
    ) {
        while let Ok(first) = rx.recv() {
            let mut paths: HashSet<PathBuf> = HashSet::new();
            let mut collect = |result: notify_debouncer_full::DebounceEventResult| {
                if let Ok(events) = result {
                    // Reading a file is an event too; only changes count.
                    for event in events.iter().filter(|e| !e.event.kind.is_access()) {
                        paths.extend(event.event.paths.iter().cloned());
                    }
                }
            };
            collect(first);
            while let Ok(more) = rx.try_recv() {
                collect(more);
            }
            // A watched folder made (or moved in, or made again) after
            // start is watched from now on. Files put in it before the
            // watch began are found by the rebuild that its own event
            // asks for (see `classify`), which comes after this.
            for dir in WATCHED {
                let path = self.root.join(dir);
                if paths.contains(&path) && path.is_dir() {
                    debouncer.watch_dir(&path);
                }
            }
            let changes = classify(&self.root, &paths, self.output_dir().as_deref());
            if changes != Changes::default() {
                self.apply(changes);
            }
        }
    }

    fn output_dir(&self) -> Option<PathBuf> {
        self.site
            .loaded()
            .map(|l| self.root.join(&l.config.output_dir))
    }

    fn apply(&mut self, changes: Changes) {
        let start = Instant::now();
        // A folder created, renamed or removed: the files inside are not
        // all reported one by one, so everything is read again.
        let loaded = self.site.loaded();
        // A file of a report's bundle (a photo edited, added or removed)
        // is read again with the rest: the pages that show it change too.
        let folder_moved = changes.folders.iter().any(|f| {
            let path = self.root.join("content").join(f);
            path.is_dir()
                || path.is_file()
                || loaded.is_some_and(|l| {
                    l.has_content_under(f) || l.bundle_files.iter().any(|b| b.rel == *f)
                })
        });
        if changes.config || folder_moved || loaded.is_none() {
            self.full(true);
            return;
        }
        if !changes.theme && changes.content.is_empty() {
            return;
        }
        if changes.theme {
            if let Err((e, diags)) = self.site.reload_theme() {
                self.failed(&e, diags, self.site.loaded().map(|l| &l.files));
                return;
            }
            // A static file gone may have stood in a generated file's
            // place: only a whole render puts that back.
            let gone = self.site.loaded().is_some_and(|l| {
                let now = l.static_paths();
                self.statics.iter().any(|n| !now.contains(n.as_str()))
            });
            if changes.css_only && changes.content.is_empty() && !gone {
                self.refresh_statics();
                let _ = self.shared.events.send(("css", "stylesheet".into()));
                eprintln!("stylesheet updated in {} ms", start.elapsed().as_millis());
                return;
            }
            if changes.content.is_empty() || gone {
                self.full(false);
                return;
            }
        }
        // After a failed run or update there is no kept site index to
        // edit (what is served may lag behind more than this edit), and
        // `edit_bodies` says so: everything is rendered.
        match self.site.update_content(&changes.content) {
            Err(e) => self.failed(&e, Vec::new(), None),
            Ok(BodyOnly::Reports(ids)) if !changes.theme && !ids.is_empty() => {
                match self.site.edit_bodies(&ids) {
                    Some(result) => self.publish(result, start, false),
                    None => self.full(false),
                }
            }
            Ok(_) => self.full(false),
        }
    }

    /// The first load and render. A site that cannot be loaded (no or a
    /// broken `dossier.yaml`, a broken theme) has nothing to serve yet:
    /// its problems are printed as `build` prints them, and `Err` says
    /// why serve stops. Content errors do not stop it: they are what an
    /// author fixes while serving.
    fn start(&mut self) -> Result<(), Fatal> {
        let start = Instant::now();
        if let Err(e) = self.site.load() {
            let mut diags = e.diagnostics;
            diag::sort(&mut diags, &e.files);
            for d in &diags {
                eprintln!("{}\n", diag::render(d, &e.files, false));
            }
            return Err(e.fatal);
        }
        self.run(start);
        Ok(())
    }

    /// Loads (when `reload`) and renders everything.
    fn full(&mut self, reload: bool) {
        let start = Instant::now();
        if reload && let Err(e) = self.site.load() {
            self.failed(&e.fatal, e.diagnostics, Some(&e.files));
            return;
        }
        self.run(start);
    }

    /// Renders everything and publishes it.
    fn run(&mut self, start: Instant) {
        let result = self.site.run();
        self.publish(result, start, true);
    }

    /// Shows the problems of a run; publishes its pages when it has no
    /// errors. `all`: the pages are the whole site, replacing what was served.
    fn publish(&mut self, result: RunResult, start: Instant, all: bool) {
        let Some(loaded) = self.site.loaded() else {
            return;
        };
        let files = &loaded.files;
        let mut diags = result.diagnostics;
        diag::sort(&mut diags, files);
        for d in &diags {
            eprintln!("{}\n", diag::render(d, files, false));
        }
        if diags.iter().any(Diagnostic::is_error) {
            let json: Vec<serde_json::Value> = diags
                .iter()
                .filter(|d| d.is_error())
                .map(|d| problem_json(d, files))
                .collect();
            let json = serde_json::Value::Array(json).to_string();
            eprintln!("{}; fix the errors above", self.what_is_served());
            self.publish_problems(json);
            return;
        }
        let count = result.pages.len();
        {
            // A static file of the same path takes a generated file's
            // place, as in `build`.
            let statics = loaded.static_paths();
            let mut served = self
                .shared
                .served
                .write()
                .unwrap_or_else(|e| e.into_inner());
            if all {
                // The last index stays served until the new one is built;
                // a site whose search was turned off loses it now.
                let keep = !result.search.is_empty();
                served
                    .pages
                    .retain(|path, _| keep && search::is_index_file(path));
            }
            for path in result.gone.iter().filter(|p| !statics.contains(p.as_str())) {
                served.pages.remove(path);
            }
            for page in result.pages {
                if !statics.contains(page.path.as_str()) {
                    served.pages.insert(page.path, Arc::from(page.bytes));
                }
            }
            served.problems = None;
        }
        if all {
            self.refresh_statics();
        }
        // The new version is published once every page of it is in place.
        let version = {
            let mut served = self
                .shared
                .served
                .write()
                .unwrap_or_else(|e| e.into_inner());
            served.version += 1;
            served.version
        };
        eprintln!(
            "rendered {count} files in {} ms",
            start.elapsed().as_millis()
        );
        let _ = self.shared.events.send(("reload", version.to_string()));
        self.indexer.index(result.search);
    }

    /// Puts the static files into memory (after a load or a theme change).
    fn refresh_statics(&mut self) {
        let statics = self.site.loaded().map_or(&[][..], |l| l.statics.as_slice());
        self.statics = statics.iter().map(|(n, _)| n.clone()).collect();
        let mut served = self
            .shared
            .served
            .write()
            .unwrap_or_else(|e| e.into_inner());
        for (name, file) in statics {
            let bytes: Option<Arc<[u8]>> = match file {
                StaticFile::Embedded(text) => Some(Arc::from(text.as_bytes())),
                StaticFile::Disk(path) => std::fs::read(path).ok().map(Arc::from),
            };
            // It replaces a generated file of the same name.
            if let Some(bytes) = bytes {
                served.pages.insert(name.clone(), bytes);
            }
        }
    }

    /// Shows why an update stopped: `diags` (in `files`) say where.
    fn failed(&self, fatal: &Fatal, mut diags: Vec<Diagnostic>, files: Option<&Files>) {
        let message = fatal.to_string();
        let none = Files::default();
        let files = files.unwrap_or(&none);
        diag::sort(&mut diags, files);
        for d in &diags {
            eprintln!("{}\n", diag::render(d, files, false));
        }
        eprintln!("error: {message}; {}", self.what_is_served());
        let mut json: Vec<serde_json::Value> =
            diags.iter().map(|d| problem_json(d, files)).collect();
        if json.is_empty() {
            json.push(serde_json::json!({"message": message}));
        }
        self.publish_problems(serde_json::Value::Array(json).to_string());
    }

    /// What the browser gets while the site has errors.
    fn what_is_served(&self) -> &'static str {
        let version = self.shared.served.read().map_or(0, |served| served.version);
        if version == 0 {
            "nothing is served yet"
        } else {
            "the last good site is still served"
        }
    }

    fn publish_problems(&self, json: String) {
        {
            let mut served = self
                .shared
                .served
                .write()
                .unwrap_or_else(|e| e.into_inner());
            served.problems = Some(json.clone());
        }
        let _ = self.shared.events.send(("problems", json));
    }
}

/// Adding a watch on a folder that appeared after start.
trait Watch {
    fn watch_dir(&mut self, path: &Path);
}

impl<T: notify_debouncer_full::notify::Watcher, C: notify_debouncer_full::FileIdCache> Watch
    for notify_debouncer_full::Debouncer<T, C>
{
    fn watch_dir(&mut self, path: &Path) {
        let _ = self.watch(path, RecursiveMode::Recursive);
    }
}

/// One problem for the browser overlay: where, what, and the source line.
fn problem_json(d: &Diagnostic, files: &crate::diag::Files) -> serde_json::Value {
    let (file, line, column, source, width) = match d.span {
        Some(span) => {
            let (line, column) = files.line_col(span.file, span.start);
            let text = &files.get(span.file).text;
            let source = text.lines().nth(line - 1).unwrap_or("").to_string();
            // The caret runs under the span's part on its first line, as
            // in the terminal.
            let start = span.start.min(text.len());
            let rest = text.get(start..).unwrap_or("");
            let line_rest = rest.split('\n').next().unwrap_or("");
            let upto = span.end.saturating_sub(start).min(line_rest.len());
            let width = line_rest
                .get(..upto)
                .map_or(1, |s| s.trim_end_matches('\r').chars().count().max(1));
            (
                files.get(span.file).display.clone(),
                line,
                column,
                source,
                width,
            )
        }
        None => (d.file.clone().unwrap_or_default(), 0, 0, String::new(), 0),
    };
    serde_json::json!({
        "code": d.code.as_str(), "message": d.message, "help": d.help,
        "file": file, "line": line, "column": column, "source": source,
        "width": width, "label": d.label,
    })
}

/// Sorts changed paths into what they ask for.
fn classify(root: &Path, paths: &HashSet<PathBuf>, output: Option<&Path>) -> Changes {
    let mut changes = Changes {
        css_only: true,
        ..Changes::default()
    };
    let mut theme_css = true;
    for path in paths {
        if output.is_some_and(|o| path.starts_with(o)) {
            continue;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        let Some(rel) = rel.to_str() else { continue };
        let rel = rel.replace('\\', "/");
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if is_ignored(name) || rel.split('/').any(|p| p.starts_with('.')) {
            continue;
        }
        if rel == "dossier.yaml" {
            changes.config = true;
        } else if rel == "i18n"
            || rel.starts_with("i18n/")
            || (rel.starts_with("themes/") && rel.split('/').nth(2) == Some("i18n"))
        {
            // The theme's strings: they also name the well-known statuses,
            // which are part of the settings, so load again.
            changes.config = true;
        } else if let Some(inner) = rel.strip_prefix("content/") {
            if inner.ends_with(".md") {
                changes.content.push(inner.to_string());
            } else {
                changes.folders.push(inner.to_string());
            }
        } else if rel == "content" {
            changes.config = true;
        } else if crate::bibliography::Format::of(&rel).is_some()
            && !THEME_DIRS.iter().any(|d| rel.starts_with(&format!("{d}/")))
        {
            // A bibliography file (or another data file beside it): its
            // entries are sources anywhere on the site, so load again.
            changes.config = true;
        } else if rel.ends_with(".csl") && !rel.starts_with("content/") {
            // The citation style file: every report's citations change.
            changes.config = true;
        } else if THEME_DIRS.contains(&rel.as_str())
            || THEME_DIRS
                .iter()
                .any(|d| rel.strip_prefix(d).is_some_and(|r| r.starts_with('/')))
        {
            // The folder itself: made, moved in or deleted whole. Its files
            // are not reported one by one, so the theme is read again.
            changes.theme = true;
            let is_static = rel.starts_with("static/") || rel.split('/').nth(2) == Some("static");
            if !(is_static && rel.ends_with(".css")) {
                theme_css = false;
            }
        }
    }
    changes.css_only = changes.theme && theme_css;
    if !changes.theme {
        changes.css_only = false;
    }
    changes.content.sort();
    changes.content.dedup();
    changes
}

async fn live_js() -> Response {
    let mut response = LIVE_JS.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    response
}

async fn event_stream(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let rx = shared.events.subscribe();
    let (version, problems) = shared
        .served
        .read()
        .map(|s| (s.version, s.problems.clone()))
        .unwrap_or_default();
    let current = std::iter::once(Ok(Event::default()
        .event("version")
        .data(version.to_string())))
    .chain(problems.map(|json| Ok(Event::default().event("problems").data(json))));
    let updates = BroadcastStream::new(rx).filter_map(|message| {
        let (kind, data) = message.ok()?;
        Some(Ok(Event::default().event(kind).data(data)))
    });
    Sse::new(tokio_stream::iter(current).chain(updates)).keep_alive(KeepAlive::default())
}

/// Serves a page from memory. Only paths that name a page of the site are
/// answered; anything else, traversal included, gets the site's 404 page.
async fn page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let served = shared.served.read().unwrap_or_else(|e| e.into_inner());
    if served.version == 0 {
        // No build has succeeded yet: every request gets a page that
        // shows the problems and reloads once they are fixed.
        let bytes: Arc<[u8]> = Arc::from(NOTHING_YET.as_bytes());
        return respond(StatusCode::SERVICE_UNAVAILABLE, "index.html", &bytes, 0);
    }
    match resolve_path(uri.path(), &served.pages) {
        Lookup::Found(key) => respond(StatusCode::OK, &key, &served.pages[&key], served.version),
        Lookup::Redirect(to) => Response::builder()
            .status(StatusCode::MOVED_PERMANENTLY)
            .header(header::LOCATION, to)
            .body(Body::empty())
            .unwrap_or_default(),
        Lookup::Missing => match served.pages.get("404.html") {
            Some(bytes) => respond(StatusCode::NOT_FOUND, "404.html", bytes, served.version),
            None => (StatusCode::NOT_FOUND, "not found").into_response(),
        },
    }
}

enum Lookup {
    Found(String),
    Redirect(String),
    Missing,
}

/// Maps a request path to a page key: decoded, normalised, never outside
/// the site; a folder without its trailing slash is redirected.
fn resolve_path(path: &str, pages: &HashMap<String, Arc<[u8]>>) -> Lookup {
    let Ok(decoded) = percent_encoding::percent_decode_str(path).decode_utf8() else {
        return Lookup::Missing;
    };
    if decoded.contains(['\\', '\0']) || decoded.starts_with(PREFIX) {
        return Lookup::Missing;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments
        .iter()
        .any(|s| *s == ".." || *s == "." || s.starts_with('.'))
    {
        return Lookup::Missing;
    }
    let joined = segments.join("/");
    let key = if decoded.ends_with('/') || joined.is_empty() {
        if joined.is_empty() {
            "index.html".to_string()
        } else {
            format!("{joined}/index.html")
        }
    } else {
        joined.clone()
    };
    if pages.contains_key(&key) {
        return Lookup::Found(key);
    }
    if !decoded.ends_with('/') && pages.contains_key(&format!("{joined}/index.html")) {
        return Lookup::Redirect(format!("/{joined}/"));
    }
    Lookup::Missing
}

fn respond(status: StatusCode, key: &str, bytes: &Arc<[u8]>, version: u64) -> Response {
    let mime = mime_type(key);
    let body = if mime.starts_with("text/html") {
        Body::from(inject(bytes, version))
    } else {
        Body::from(bytes.to_vec())
    };
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, mime)
        .header(header::CACHE_CONTROL, "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .body(body)
        .unwrap_or_default()
}

/// Adds the live-reload script to an HTML page, before `</body>`.
fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let tag = format!("<script src=\"/__dossier/live.js\" data-version=\"{version}\"></script>");
    let tag = tag.as_bytes();
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag);
    out.extend_from_slice(&html[at..]);
    out
}

fn mime_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "csv" => "text/csv; charset=utf-8",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages() -> HashMap<String, Arc<[u8]>> {
        ["index.html", "a/index.html", "style.css", "404.html"]
            .into_iter()
            .map(|k| (k.to_string(), Arc::from(k.as_bytes())))
            .collect()
    }

    fn found(path: &str) -> Option<String> {
        match resolve_path(path, &pages()) {
            Lookup::Found(k) => Some(k),
            _ => None,
        }
    }

    #[test]
    fn paths_map_to_pages() {
        assert_eq!(found("/").as_deref(), Some("index.html"));
        assert_eq!(found("/a/").as_deref(), Some("a/index.html"));
        assert_eq!(found("/style.css").as_deref(), Some("style.css"));
        assert!(matches!(resolve_path("/a", &pages()), Lookup::Redirect(to) if to == "/a/"));
    }

    #[test]
    fn traversal_never_resolves() {
        for path in [
            "/../style.css",
            "/a/../../etc/passwd",
            "/%2e%2e/style.css",
            "/%2E%2E%2Fstyle.css",
            "/a/%2e%2e/%2e%2e/x",
            "/..%2fstyle.css",
            "/a%5c..%5cstyle.css",
            "/.dossier-output",
            "/%00",
            "/%ff",
        ] {
            assert!(found(path).is_none(), "{path}");
        }
    }

    #[test]
    fn the_overlay_gets_the_place_and_its_label() {
        let mut files = crate::diag::Files::default();
        let file = files.add(
            "templates/base.html".into(),
            "templates/base.html".into(),
            "<p>\n{{ sit }}</p>\n".into(),
        );
        let d = Diagnostic::new(
            diag::Code::E012,
            "template error: Variable `sit` is not defined",
        )
        .at(crate::diag::Span::new(file, 7..10))
        .label("in 3 pages, the first `404.html`");
        let json = problem_json(&d, &files);
        assert_eq!(json["file"], "templates/base.html");
        assert_eq!(
            (json["line"].as_u64(), json["column"].as_u64()),
            (Some(2), Some(4))
        );
        assert_eq!(json["source"], "{{ sit }}</p>");
        assert_eq!(json["label"], "in 3 pages, the first `404.html`");
    }

    #[test]
    fn the_script_goes_before_the_body_end() {
        let html = inject(b"<html><body><p>x</p></body></html>", 3);
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<html><body><p>x</p><script src=\"/__dossier/live.js\" data-version=\"3\"></script></body></html>"
        );
    }

    #[test]
    fn changes_are_classified() {
        let root = Path::new("/site");
        let set = |paths: &[&str]| paths.iter().map(|p| root.join(p)).collect::<HashSet<_>>();
        let c = classify(
            root,
            &set(&["content/a.md", "content/.a.md.swp", "content/a.md~"]),
            None,
        );
        assert_eq!(c.content, ["a.md"]);
        assert!(!c.theme && !c.config);
        let c = classify(root, &set(&["static/style.css"]), None);
        assert!(c.theme && c.css_only);
        let c = classify(
            root,
            &set(&["themes/default/static/style.css", "templates/report.html"]),
            None,
        );
        assert!(c.theme && !c.css_only);
        let c = classify(
            root,
            &set(&["public/index.html"]),
            Some(&root.join("public")),
        );
        assert_eq!(
            c,
            Changes {
                css_only: false,
                ..Changes::default()
            }
        );
        assert!(classify(root, &set(&["dossier.yaml"]), None).config);
        assert!(classify(root, &set(&["refs/library.bib"]), None).config);
        assert!(classify(root, &set(&["styles/house.csl"]), None).config);
        for strings in ["i18n/es.yaml", "i18n", "themes/paper/i18n/es.yaml"] {
            let c = classify(root, &set(&[strings]), None);
            assert!(c.config && !c.theme, "{strings}");
        }
        // A theme folder itself, made or deleted whole, or a folder in it.
        for folder in [
            "static",
            "templates",
            "themes",
            "static/images",
            "themes/paper",
        ] {
            let c = classify(root, &set(&[folder]), None);
            assert!(c.theme && !c.css_only, "{folder}");
        }
        for other in ["statics", "templates.bak", "README.md", ".static"] {
            assert_eq!(
                classify(root, &set(&[other]), None),
                Changes::default(),
                "{other}"
            );
        }
    }
}
