//! Criterion benches for each stage of a build, on a generated corpus:
//! load (walk and read), parse, annotate, resolve, render, write, plus a
//! whole build and the rebuild `serve` runs after a saved edit.
//!
//! The corpus is written by the `gen-corpus` example, once, under
//! `target/bench-corpus/<N>`; N is 1,000 unless `DOSSIER_BENCH_N` says
//! otherwise. Run with `cargo bench --bench stages`.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use rayon::prelude::*;

use dossier::build::{self, Options};
use dossier::highlight::Highlighter;
use dossier::output::Staging;
use dossier::render::{self, OutputFile, Selection};
use dossier::resolve::{Annotator, BodyCache};
use dossier::serve::incremental::{BodyOnly, Incremental};

/// The corpus folder, generated on first use.
fn corpus() -> PathBuf {
    let n: usize = std::env::var("DOSSIER_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-corpus")
        .join(n.to_string());
    if !dir.join("dossier.yaml").exists() {
        let status = Command::new(env!("CARGO"))
            .args([
                "run",
                "--release",
                "--quiet",
                "--example",
                "gen-corpus",
                "--",
            ])
            .arg(n.to_string())
            .arg(&dir)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cannot run cargo");
        assert!(status.success(), "gen-corpus failed");
    }
    dir
}

fn stages(c: &mut Criterion) {
    let root = corpus();
    let mut group = c.benchmark_group("stages");
    group.sample_size(10);

    group.bench_function("load: config, theme, walk and read", |b| {
        b.iter(|| black_box(load(&root)))
    });

    let loaded = load(&root);
    group.bench_function("parse", |b| {
        b.iter(|| black_box(build::parse(&loaded, false)))
    });

    let (files, config) = (&loaded.files, &loaded.config);
    let docs = &build::parse(&loaded, false).docs;
    let highlighter = Highlighter::default();
    let (site, _) = build::resolve(&loaded, config, docs, &highlighter, None);
    group.bench_function("annotate", |b| {
        let annotator = Annotator::new(files, config, &site.defs, &highlighter, None);
        b.iter(|| {
            let bodies: Vec<Arc<_>> = site
                .reports
                .par_iter()
                .map(|r| annotator.body(r.report))
                .collect();
            black_box(bodies)
        })
    });

    // With every body in the cache: the rest of resolving.
    let cache = BodyCache::default();
    let _ = build::resolve(&loaded, config, docs, &highlighter, Some(&cache));
    group.bench_function("resolve and check (bodies annotated)", |b| {
        b.iter(|| {
            black_box(build::resolve(
                &loaded,
                config,
                docs,
                &highlighter,
                Some(&cache),
            ))
        })
    });

    let sites = std::slice::from_ref(&site);
    let editions = loaded.editions(sites);
    group.bench_function("render", |b| {
        b.iter(|| {
            let Ok(diags) = render::render_into(&editions, files, &Selection::All, &|file| {
                black_box(file);
                Ok::<(), std::convert::Infallible>(())
            });
            assert!(diags.is_empty());
        })
    });

    let (pages, _, _) = build::render(sites, &loaded, &Selection::All);
    let out = tempfile::tempdir().unwrap();
    group.bench_function("write", |b| {
        // A fresh output each time, removed outside the timing: every file
        // is written.
        let target = out.path().join("public");
        b.iter_batched(
            || {
                let _ = std::fs::remove_dir_all(&target);
            },
            |()| write_all(&target, &pages),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("write, nothing changed", |b| {
        let target = out.path().join("again");
        write_all(&target, &pages);
        b.iter(|| write_all(&target, &pages))
    });
    group.finish();
}

fn write_all(target: &Path, pages: &[OutputFile]) {
    let staging = Staging::new(target).unwrap();
    pages
        .par_iter()
        .for_each(|p| staging.place(&p.path, &p.bytes).unwrap());
    staging.finish(&[]).unwrap();
}

fn whole(c: &mut Criterion) {
    let root = corpus();
    let mut group = c.benchmark_group("whole");
    group.sample_size(10);
    let out = tempfile::tempdir().unwrap();
    group.bench_function("build", |b| {
        // A fresh output each time, removed outside the timing.
        let target = out.path().join("public");
        b.iter_batched(
            || {
                let _ = std::fs::remove_dir_all(&target);
            },
            |()| {
                let outcome = build::run(&Options {
                    root: root.clone(),
                    output: Some(target.clone()),
                    write: true,
                    ..Options::default()
                });
                assert!(
                    outcome.output.is_some(),
                    "{} problems",
                    outcome.diagnostics.len()
                );
            },
            BatchSize::PerIteration,
        )
    });

    // What `serve` does after a saved edit of one report's body.
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&root, copy.path());
    let mut site = Incremental::new(copy.path(), false);
    if site.load().is_err() {
        panic!("the corpus loads");
    }
    site.run();
    let rel = middle_report(&load(copy.path()));
    let path = copy.path().join("content").join(&rel);
    let original = std::fs::read_to_string(&path).unwrap();
    let mut n = 0u64;
    group.bench_function("serve: edit one report's text", |b| {
        b.iter(|| {
            n += 1;
            let text = original.replacen("\n---\n", &format!("\n---\nedit{n} "), 1);
            std::fs::write(&path, text).unwrap();
            let ids = match site.update_content(std::slice::from_ref(&rel)).unwrap() {
                BodyOnly::Reports(ids) => ids,
                BodyOnly::No => panic!("the edit is below the front matter"),
            };
            let result = site.edit_bodies(&ids).expect("a kept site index");
            assert_eq!(result.pages.len(), 1);
            black_box(result)
        })
    });
    group.finish();
}

/// The load stage, which must succeed on the corpus.
fn load(root: &Path) -> build::Loaded {
    match build::load(root, None, None) {
        Ok(loaded) => loaded,
        Err(e) => panic!("the corpus does not load: {}", e.fatal),
    }
}

/// A report in the middle of the corpus, by path under `content/`.
fn middle_report(loaded: &build::Loaded) -> String {
    let reports: Vec<&String> = loaded
        .content
        .keys()
        .filter(|rel| rel.contains("report-"))
        .collect();
    reports[reports.len() / 2].clone()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

criterion_group!(benches, stages, whole);
criterion_main!(benches);
