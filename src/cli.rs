//! The command line, as clap derive types. Help text comes from the doc
//! comments.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// dossier: a static site generator for annotated reports.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into its output folder.
    Build {
        /// The site's folder (where dossier.yaml is); by default the
        /// nearest folder, from the current one up, that has a dossier.yaml.
        #[arg(long)]
        root: Option<PathBuf>,
        /// Write here instead of `output_dir` from dossier.yaml.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Use this base URL instead of the one in dossier.yaml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include reports marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Serve the site with live reload while you write.
    Serve {
        /// The site's folder (where dossier.yaml is); by default the
        /// nearest folder, from the current one up, that has a dossier.yaml.
        #[arg(long)]
        root: Option<PathBuf>,
        /// Address to listen on; anything but loopback exposes the site.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Port to listen on; the next free one is used when it is taken.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Include reports marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Open the site in a browser.
        #[arg(long)]
        open: bool,
    },
    /// Check the whole site and write nothing.
    Check {
        /// The site's folder (where dossier.yaml is); by default the
        /// nearest folder, from the current one up, that has a dossier.yaml.
        #[arg(long)]
        root: Option<PathBuf>,
        /// Include reports marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// How to print problems.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Create a new site with a working example report.
    Init {
        /// Where to create it.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The site's language, a BCP 47 tag. `es`, `fr` and `pt` (with any
        /// region, `pt-BR`) also get the example report in that language;
        /// any other tag gets it in English.
        #[arg(long, default_value = "en", value_name = "TAG")]
        language: String,
    },
    /// Create a new report skeleton.
    New {
        /// The report's title.
        title: String,
        /// Section folder under content/, e.g. `2024`.
        #[arg(long)]
        section: Option<String>,
        /// The site's folder (where dossier.yaml is); by default the
        /// nearest folder, from the current one up, that has a dossier.yaml.
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Print a completion script for a shell, e.g.
    /// `dossier completions bash > ~/.local/share/bash-completion/completions/dossier`.
    Completions {
        /// The shell to complete in.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable messages with the source line.
    Human,
    /// One JSON object per line and problem.
    Json,
}
