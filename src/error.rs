//! Errors that stop a command (exit 2): no site, a configuration or theme
//! with errors, a file that cannot be read or written, a refused output
//! folder. Problems in the content are [`crate::diag::Diagnostic`]s
//! instead; a [`Fatal`] is what is left when the run cannot go on.
//!
//! Each variant's `Display` is the message printed after `error: `; an I/O
//! variant names its path and keeps the system's error as its source.

use std::fmt;
use std::io;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use crate::output::OutputError;

/// What dossier was doing to a path when the system refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IoAction {
    Read,
    Write,
    Create,
    Open,
}

impl fmt::Display for IoAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            IoAction::Read => "read",
            IoAction::Write => "write",
            IoAction::Create => "create",
            IoAction::Open => "open",
        })
    }
}

/// An error that stops the command: printed as `error: {self}`, exit 2.
#[derive(Debug)]
pub enum Fatal {
    /// No `dossier.yaml` in the current folder or any folder above it.
    NoSite { searched: Vec<PathBuf> },
    /// The site folder (`--root`, or the one found) has no `dossier.yaml`.
    NotASite { root: PathBuf },
    /// `dossier new` outside a site.
    NewOutsideSite { root: PathBuf },
    /// A file or folder that could not be read, written, created or opened.
    Io {
        path: PathBuf,
        doing: IoAction,
        source: io::Error,
    },
    /// `dossier.yaml` has errors; its diagnostics are printed separately.
    Config,
    /// The theme has errors; its diagnostics are printed separately.
    Theme,
    /// `--base-url` is not an absolute http(s) URL.
    BadBaseUrl(String),
    /// The output folder may not be used (or its path cannot be resolved).
    OutputTarget(OutputError),
    /// Writing the output folder failed; the previous output is unchanged.
    WriteOutput(OutputError),
    /// A build asked of a session with nothing loaded.
    NotLoaded,
    /// `dossier init` in a folder that already is a site.
    AlreadyASite(PathBuf),
    /// `dossier init --language` with something that is not a language tag.
    BadLanguageTag(String),
    /// `dossier init` or `dossier new` would overwrite this file.
    AlreadyExists(PathBuf),
    /// `dossier new` with a title that makes an empty file name.
    EmptySlug,
    /// `dossier new --section` leading out of `content/`.
    SectionOutside,
    /// `dossier new --section` naming a registry folder.
    SectionIsRegistry,
    /// Writing the completion script to standard output failed.
    WriteScript(io::Error),
    /// `serve` could not listen on the address.
    Listen {
        ip: IpAddr,
        port: u16,
        source: io::Error,
    },
    /// `serve` found every port from `from` to `to` taken.
    NoFreePort { from: u16, to: u16 },
    /// `serve` could not start its runtime.
    StartServer(io::Error),
    /// `serve` could not install its Ctrl-C and SIGTERM handlers.
    Signals(io::Error),
    /// `serve` could not watch the site for changes.
    Watch {
        path: PathBuf,
        source: notify::Error,
    },
    /// The HTTP server stopped with an error.
    Serve(io::Error),
}

impl Fatal {
    /// An I/O error at `path`.
    pub fn io(doing: IoAction, path: &Path, source: io::Error) -> Self {
        Fatal::Io {
            path: path.to_path_buf(),
            doing,
            source,
        }
    }

    /// For `map_err`: an I/O error at `path`.
    pub fn at(doing: IoAction, path: &Path) -> impl FnOnce(io::Error) -> Self + '_ {
        move |source| Fatal::io(doing, path, source)
    }
}

impl fmt::Display for Fatal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fatal::NoSite { searched } => {
                let names: Vec<String> = searched.iter().map(|d| d.display().to_string()).collect();
                write!(
                    f,
                    "no dossier.yaml in this folder or any folder above it (searched {}): \
                     run the command inside a dossier site, pass `--root DIR`, \
                     or make a new site here with `dossier init`",
                    names.join(", ")
                )
            }
            Fatal::NotASite { root } => {
                let shown = if root == Path::new(".") || root.as_os_str().is_empty() {
                    "this folder".into()
                } else {
                    root.display().to_string()
                };
                write!(
                    f,
                    "no dossier.yaml in {shown}: not a dossier site (run `dossier init` to make one)"
                )
            }
            Fatal::NewOutsideSite { root } => write!(
                f,
                "no dossier.yaml in {}: run `dossier init` first",
                root.display()
            ),
            Fatal::Io {
                path,
                doing,
                source,
            } => write!(f, "cannot {doing} {}: {source}", path.display()),
            Fatal::Config => f.write_str("the configuration has errors"),
            Fatal::Theme => f.write_str("the theme has errors"),
            Fatal::BadBaseUrl(base) => {
                write!(f, "--base-url `{base}` is not an absolute http(s) URL")
            }
            Fatal::OutputTarget(e) => write!(f, "{e}"),
            Fatal::WriteOutput(e) => write!(f, "cannot write the output: {e}"),
            Fatal::NotLoaded => f.write_str("nothing was loaded"),
            Fatal::AlreadyASite(dir) => write!(f, "{} already has a dossier.yaml", dir.display()),
            Fatal::BadLanguageTag(tag) => write!(
                f,
                "`{tag}` is not a language tag: write a language code, with a region if needed (`es`, `fr`, `pt-BR`)"
            ),
            Fatal::AlreadyExists(path) => write!(f, "{} already exists", path.display()),
            Fatal::EmptySlug => f.write_str("the title needs at least one letter or digit"),
            Fatal::SectionOutside => f.write_str("the section must be a folder inside content/"),
            Fatal::SectionIsRegistry => f.write_str(
                "content/entities/ and content/sources/ hold registries, not reports: choose another section",
            ),
            Fatal::WriteScript(e) => write!(f, "cannot write the script: {e}"),
            Fatal::Listen { ip, port, source } => {
                write!(f, "cannot listen on {ip}:{port}: {source}")
            }
            Fatal::NoFreePort { from, to } => write!(f, "no free port from {from} to {to}"),
            Fatal::StartServer(e) => write!(f, "cannot start the server: {e}"),
            Fatal::Signals(e) => write!(f, "cannot handle signals: {e}"),
            Fatal::Watch { path, source } => {
                write!(f, "cannot watch {}: {source}", path.display())
            }
            Fatal::Serve(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Fatal {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Fatal::Io { source, .. } | Fatal::Listen { source, .. } => Some(source),
            Fatal::WriteScript(e) | Fatal::StartServer(e) | Fatal::Signals(e) | Fatal::Serve(e) => {
                Some(e)
            }
            Fatal::Watch { source, .. } => Some(source),
            Fatal::OutputTarget(e) | Fatal::WriteOutput(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error;

    #[test]
    fn io_errors_name_their_path_and_keep_their_source() {
        let e = Fatal::io(
            IoAction::Read,
            Path::new("content/a.md"),
            io::Error::new(io::ErrorKind::PermissionDenied, "Permission denied"),
        );
        assert_eq!(e.to_string(), "cannot read content/a.md: Permission denied");
        let source = e.source().map(ToString::to_string);
        assert_eq!(source.as_deref(), Some("Permission denied"));
    }

    #[test]
    fn the_root_is_this_folder_when_it_is_the_current_one() {
        let e = Fatal::NotASite {
            root: PathBuf::from("."),
        };
        assert_eq!(
            e.to_string(),
            "no dossier.yaml in this folder: not a dossier site (run `dossier init` to make one)"
        );
    }
}
