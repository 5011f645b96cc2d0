//! dossier: a static site generator for annotated reports.
//!
//! The pipeline runs one way, each stage a function of [`build`] returning
//! its own type: files on disk (`load`, [`load`], [`config`], [`theme`]) →
//! parsed documents (`parse`, [`frontmatter`], [`model`]) → the resolved
//! site index with every check (`resolve`, [`resolve`], with the Markdown
//! pass in [`annotate`]) → rendered files (`render`, [`render`]) → the
//! output folder (`write`, [`output`]). `check` and `build` are
//! [`build::run`]; [`serve`] keeps its state between edits in
//! [`serve::incremental`]. Problems are [`diag::Diagnostic`]s,
//! collected across the whole run; what stops a run is an
//! [`error::Fatal`] (exit 2). Leaf modules shared by the stages, with no
//! dependency on the rest: [`diag`], [`error`], [`ids`], [`text`],
//! [`urls`], [`markdown`], [`highlight`]. docs/architecture.md says where
//! each kind of change goes.

pub mod annotate;
pub mod bibliography;
pub mod build;
mod bundle_images;
pub mod cite;
pub mod cli;
pub mod config;
pub mod diag;
pub mod error;
pub mod evidence;
pub mod frontmatter;
pub mod highlight;
pub mod i18n;
pub mod ids;
pub mod images;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod progress;
mod publish;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod text;
pub mod theme;
pub mod timings;
pub mod urls;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cli::{Cli, Command, Format};
use error::Fatal;

/// Exit statuses: 0 success, 1 content errors, 2 usage, configuration or I/O.
pub const EXIT_CONTENT: u8 = 1;
pub const EXIT_FATAL: u8 = 2;

/// Runs one command and returns the process's exit status.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            strict,
            format,
        } => {
            let root = match site_root(root, format == Format::Human) {
                Ok(root) => root,
                Err(e) => return finish(Err(e)),
            };
            let progress = progress::Progress::start("building", show_progress(format));
            let options = build::Options {
                root,
                output,
                base_url,
                drafts,
                strict,
                write: true,
                progress: Some(progress.counter()),
            };
            let outcome = build::run(&options);
            progress.finish();
            report(&outcome, strict, format, true, drafts)
        }
        Command::Check {
            root,
            drafts,
            strict,
            format,
        } => {
            let root = match site_root(root, format == Format::Human) {
                Ok(root) => root,
                Err(e) => return finish(Err(e)),
            };
            let progress = progress::Progress::start("checking", show_progress(format));
            let options = build::Options {
                root,
                drafts,
                ..Default::default()
            };
            let outcome = build::run(&options);
            progress.finish();
            report(&outcome, strict, format, false, drafts)
        }
        Command::Serve {
            root,
            bind,
            port,
            drafts,
            open,
        } => {
            let root = match site_root(root, true) {
                Ok(root) => root,
                Err(e) => return finish(Err(e)),
            };
            match serve::serve(serve::Options {
                root,
                bind,
                port,
                drafts,
                open,
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fatal(&e),
            }
        }
        Command::Init { dir, language } => finish(scaffold::init(&dir, &language)),
        Command::New {
            title,
            section,
            root,
        } => finish(site_root(root, true).and_then(|root| {
            // Run inside a section of `content/`, the report goes there.
            let section = section.or_else(|| current_section(&root));
            scaffold::new_report(&root, &title, section.as_deref())
        })),
        Command::Completions { shell } => {
            // Written in one piece, so that a closed pipe (`| head`) is
            // an ordinary error rather than clap_complete's panic.
            let mut script = Vec::new();
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "dossier", &mut script);
            match std::io::stdout().lock().write_all(&script) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                    fatal(&Fatal::WriteScript(e))
                }
                _ => ExitCode::SUCCESS,
            }
        }
    }
}

/// Whether a long build shows a progress line on stderr.
fn show_progress(format: Format) -> bool {
    progress::Conditions::of_process(format == Format::Json).show()
}

/// The folder under `content/` that the current folder is, when it is one
/// where reports live (not `content/` itself, nor a registry).
fn current_section(root: &Path) -> Option<String> {
    let content = root.join("content").canonicalize().ok()?;
    let cwd = std::env::current_dir().ok()?.canonicalize().ok()?;
    let rel = cwd
        .strip_prefix(&content)
        .ok()?
        .to_str()?
        .replace('\\', "/");
    let first = rel.split('/').next().unwrap_or("");
    (!rel.is_empty() && !["entities", "sources"].contains(&first)).then_some(rel)
}

/// The site's folder: `--root` when given, else the nearest folder from the
/// current one up that has a `dossier.yaml` (as git and cargo look for
/// theirs), so that a command run inside `content/` works on its site
/// rather than failing or making a nested one. Says which folder it chose
/// when it is not the current one (`note`: not in JSON output, which
/// tools read from the same stream).
pub fn site_root(root: Option<PathBuf>, note: bool) -> Result<PathBuf, Fatal> {
    if let Some(root) = root {
        return Ok(root);
    }
    let Ok(cwd) = std::env::current_dir() else {
        return Ok(PathBuf::from("."));
    };
    let searched: Vec<&Path> = cwd.ancestors().collect();
    for (depth, dir) in searched.iter().enumerate() {
        if dir.join("dossier.yaml").is_file() {
            if depth == 0 {
                return Ok(PathBuf::from("."));
            }
            let up = "../".repeat(depth);
            if note {
                eprintln!("using the site at {up} ({up}dossier.yaml)");
            }
            return Ok(PathBuf::from(up));
        }
    }
    Err(Fatal::NoSite {
        searched: searched.iter().map(|d| d.to_path_buf()).collect(),
    })
}

fn finish(result: Result<String, Fatal>) -> ExitCode {
    match result {
        Ok(message) => {
            eprintln!("{message}");
            ExitCode::SUCCESS
        }
        Err(e) => fatal(&e),
    }
}

/// The one place a [`Fatal`] becomes a message and exit status 2.
fn fatal(error: &Fatal) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(EXIT_FATAL)
}

/// Whether to colour messages: only on a terminal, and never with NO_COLOR.
fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Prints the diagnostics and the summary; picks the exit status.
fn report(
    outcome: &build::Outcome,
    strict: bool,
    format: Format,
    built: bool,
    drafts: bool,
) -> ExitCode {
    let mut diags = outcome.diagnostics.clone();
    if strict {
        for d in &mut diags {
            d.severity = diag::Severity::Error;
        }
    }
    diag::sort(&mut diags, &outcome.files);
    let color = use_color();
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in &diags {
        let _ = match format {
            Format::Human => writeln!(err, "{}\n", diag::render(d, &outcome.files, color)),
            Format::Json => writeln!(err, "{}", diag::to_json(d, &outcome.files)),
        };
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let ms = outcome.elapsed.as_millis();
    if let Some(e) = &outcome.fatal {
        return fatal(e);
    }
    let counts = match (errors, warnings) {
        (0, 0) => String::new(),
        (e, w) => format!("{} and {}", plural(e, "error"), plural(w, "warning")),
    };
    if errors > 0 {
        let what = if built {
            "nothing was written; the previous output is unchanged"
        } else {
            "the site has problems"
        };
        let _ = writeln!(err, "error: {counts}: {what}");
        return ExitCode::from(EXIT_CONTENT);
    }
    if format == Format::Human {
        let note = if counts.is_empty() {
            String::new()
        } else {
            format!(" ({counts})")
        };
        match &outcome.output {
            Some(out) => {
                let _ = writeln!(
                    err,
                    "wrote {} to {}{} in {ms} ms{note}",
                    plural(outcome.pages, "page"),
                    output::show(out, &std::env::current_dir().unwrap_or_default()),
                    if drafts { ", drafts included" } else { "" }
                );
            }
            None => {
                let drafts = if drafts { ", drafts included" } else { "" };
                let _ = writeln!(err, "checked the site{drafts} in {ms} ms: no errors{note}");
            }
        }
    }
    ExitCode::SUCCESS
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
