//! Writes a BibTeX file of N entries (default 5,000) for measuring what a
//! large bibliography adds to a build: `cargo run --release --example
//! gen-bib -- 5000 site/refs.bib`, then name it in the site's
//! `bibliography:` and compare build times with and without it.

use std::fmt::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5000);
    let path = args.next().unwrap_or_else(|| "refs.bib".into());
    let kinds = [
        "article",
        "book",
        "report",
        "inproceedings",
        "misc",
        "online",
    ];
    let mut out = String::with_capacity(n * 400);
    for i in 0..n {
        let kind = kinds[i % kinds.len()];
        let _ = write!(
            out,
            "@{kind}{{Author{i}:{year},\n  author = {{Surname{i}, Given and Other, A. N. and {{Institute {i}}}}},\n  editor = {{Editor, Ed}},\n  title = {{A {{Study}} of Things, Part {i}}},\n  journaltitle = {{Journal of Examples}},\n  publisher = {{Example Press}},\n  volume = {{{v}}}, number = {{{no}}}, pages = {{{p}--{q}}},\n  date = {{{year}-{m:02}-{d:02}}},\n  doi = {{10.1000/ex.{i}}},\n  url = {{https://example.org/works/{i}}},\n  note = {{Generated entry {i}}}\n}}\n\n",
            year = 1990 + i % 35,
            v = 1 + i % 40,
            no = 1 + i % 12,
            p = 1 + i % 300,
            q = 10 + i % 300,
            m = 1 + i % 12,
            d = 1 + i % 28,
        );
    }
    if let Err(e) = std::fs::write(&path, out) {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    }
}
