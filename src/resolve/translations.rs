//! The checks that hold translations to their originals (SPEC §9): a claim
//! rated differently in a translation (E035), a claim of the original that
//! a translation lacks (W017), a translated file with no original beside it
//! (W018), and a file named like a translation into a language the site
//! does not list (W019).
//!
//! The claim checks compare the reports of each language's run with the
//! default language's, by report id ([`claims`], called where the runs are
//! merged). The file checks need only the paths under `content/` and run
//! when the site is walked ([`file_names`]), so that `serve` and a site in
//! one language get them too.

use std::collections::{HashMap, HashSet};

use crate::diag::{Code, Diagnostic, Files};
use crate::frontmatter::{Seg, locate};
use crate::model::{Report, split_lang};

use super::Documents;

/// E035 and W017: each translated report against its original, the report
/// of the default language with the same id. `per_lang` is one
/// [`Documents`] per language, the default's first (as
/// [`super::split_languages`] gives them). A translation whose original is
/// not built (a draft, or missing: W018) is not compared.
pub fn claims(per_lang: &[Documents], files: &Files) -> Vec<Diagnostic> {
    let Some((originals, translations)) = per_lang.split_first() else {
        return Vec::new();
    };
    let by_id: HashMap<&str, &Report> = originals
        .reports
        .iter()
        .map(|r| (r.id.as_str(), r))
        .collect();
    let mut out = Vec::new();
    for t in translations.iter().flat_map(|d| &d.reports) {
        if let Some(o) = by_id.get(t.id.as_str()) {
            compare(o, t, files, &mut out);
        }
    }
    out
}

/// The claims of one translation `t` against its original `o`.
fn compare(o: &Report, t: &Report, files: &Files, out: &mut Vec<Diagnostic>) {
    let o_text = &files.get(o.file).text;
    let t_text = &files.get(t.file).text;
    let o_name = &files.get(o.file).display;
    for (id, claim) in &o.meta.claims {
        let status = [Seg::Key("claims"), Seg::Key(id), Seg::Key("status")];
        match t.meta.claims.get(id) {
            Some(translated) if translated.status != claim.status => out.push(
                Diagnostic::new(
                    Code::E035,
                    format!(
                        "claim `{id}` is rated `{}` in this translation and `{}` in {o_name}",
                        translated.status, claim.status
                    ),
                )
                .at(locate(t.yaml, t_text, &status, false))
                .label("the translation's status")
                .related(
                    locate(o.yaml, o_text, &status, false),
                    "the original's status",
                )
                .help(format!(
                    "a translation rates each claim as its original does: give `{id}` one status in both files (status ids are not translated)"
                )),
            ),
            Some(_) => {}
            None => out.push(
                Diagnostic::new(
                    Code::W017,
                    format!("this translation lacks the claim `{id}` of {o_name}"),
                )
                .at(locate(t.yaml, t_text, &[Seg::Key("claims")], true))
                .label("no claim `".to_string() + id + "` here")
                .help(format!(
                    "copy the claim `{id}` into the translation's `claims` with its text translated and the same status, so that readers of both languages see it rated"
                )),
            ),
        }
    }
}

/// W018 and W019 over the paths of the content files (relative to
/// `content/`, as the walk found them: `pages`, and the other files of
/// report bundles, `bundled`), for a site whose `languages` are given (the
/// default first; one for a site in one language). `display` turns a path
/// under `content/` into the one messages show.
pub fn file_names<'a>(
    pages: impl IntoIterator<Item = &'a str>,
    bundled: impl IntoIterator<Item = &'a str>,
    languages: &[String],
    display: impl Fn(&str) -> String,
) -> Vec<Diagnostic> {
    let rels: Vec<&str> = pages.into_iter().collect();
    let present: HashSet<&str> = rels.iter().copied().collect();
    let mut out = Vec::new();
    for rel in rels {
        let (base, lang) = split_lang(rel, languages);
        if lang.index() != 0 {
            if !has_original(&base, &present) {
                out.push(orphan(rel, &base, &languages[lang.index()], &display));
            }
        } else if let Some((original, tag)) = unlisted_tag(rel) {
            out.push(unlisted(rel, &original, tag, languages, &display, false));
        }
    }
    // A bundle's `index.fr.md` beside its `index.md` is one of the
    // bundle's files when `fr` is not listed: published as it is.
    for rel in bundled {
        if let Some((original, tag)) = unlisted_tag(rel)
            && (original == "index.md" || original.ends_with("/index.md"))
            && present.contains(original.as_str())
        {
            out.push(unlisted(rel, &original, tag, languages, &display, true));
        }
    }
    out
}

/// Whether the file a translation translates (`base`, its path without the
/// language) is there: the same name, or the same report as a bundle
/// (`a/index.md` for `a.md`) or as a plain file (`a.md` for `a/index.md`).
fn has_original(base: &str, present: &HashSet<&str>) -> bool {
    if present.contains(base) {
        return true;
    }
    let other = match base.strip_suffix("/index.md") {
        Some(folder) => format!("{folder}.md"),
        None => match base.strip_suffix(".md") {
            Some(stem) if !base.ends_with("_index.md") => format!("{stem}/index.md"),
            _ => return false,
        },
    };
    present.contains(other.as_str())
}

fn orphan(rel: &str, base: &str, tag: &str, display: &impl Fn(&str) -> String) -> Diagnostic {
    Diagnostic::new(
        Code::W018,
        format!(
            "this `{tag}` translation has no original: there is no `{}` beside it",
            file_name(base)
        ),
    )
    .in_file(display(rel))
    .help(format!(
        "a translation is published beside the file it translates; write `{}` in the site's default language, or rename this file to it if the page exists only in this language",
        display(base)
    ))
}

fn unlisted(
    rel: &str,
    original: &str,
    tag: &str,
    languages: &[String],
    display: &impl Fn(&str) -> String,
    in_bundle: bool,
) -> Diagnostic {
    let default = &languages[0];
    let what = if in_bundle {
        "it is published as a file of its bundle"
    } else {
        "it is built as a page of its own"
    };
    let d = Diagnostic::new(
        Code::W019,
        format!(
            "`{tag}` in this file's name is not one of the site's languages: {what}, not as a translation of `{}`",
            file_name(original)
        ),
    )
    .in_file(display(rel));
    if tag.eq_ignore_ascii_case(default) {
        d.help(format!(
            "`{default}` is the site's default language, which file names do not show: rename this file `{}`",
            file_name(original)
        ))
    } else {
        let listed = languages
            .iter()
            .map(String::as_str)
            .chain([tag])
            .collect::<Vec<_>>()
            .join(", ");
        d.help(format!(
            "to publish it as the `{tag}` translation of `{}`, add the language in dossier.yaml: `languages: [{listed}]`",
            file_name(original)
        ))
    }
}

/// The last part of a path under `content/`: `a.md` for `2024/a.md`.
fn file_name(rel: &str) -> &str {
    rel.rsplit('/').next().unwrap_or(rel)
}

/// For a content path whose name ends with what looks like a language tag
/// (`a.fr.md`, `2024/b/index.pt-BR.md`), the path without it and the tag.
///
/// What counts as a tag is kept narrow so that ordinary dotted names
/// (`v1.2.md`, `notes.old.md`, `report.final.md`) are left alone: a
/// two-letter language (ISO 639-1), optionally with a script (four letters)
/// and a region (two letters or three digits), that ICU has date formats
/// for. Three-letter languages are not read, since they collide with
/// English words (`new`, `fin`, `old`), and such sites name them in
/// `languages` anyway.
fn unlisted_tag(rel: &str) -> Option<(String, &str)> {
    let stem = rel.strip_suffix(".md")?;
    let name_start = stem.rfind('/').map_or(0, |i| i + 1);
    let dot = name_start + stem[name_start..].rfind('.')?;
    let tag = &stem[dot + 1..];
    if dot == name_start || !looks_like_tag(tag) {
        return None;
    }
    Some((format!("{}.md", &stem[..dot]), tag))
}

fn looks_like_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    if language.len() != 2 || !language.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    let mut script = false;
    let mut region = false;
    for part in parts {
        let letters = part.bytes().all(|b| b.is_ascii_alphabetic());
        let digits = part.bytes().all(|b| b.is_ascii_digit());
        match part.len() {
            4 if letters && !script && !region => script = true,
            2 if letters && !region => region = true,
            3 if digits && !region => region = true,
            _ => return false,
        }
    }
    crate::i18n::Locale::new(tag).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_looks_like_a_language_in_a_file_name() {
        let tag = |rel| unlisted_tag(rel).map(|(_, t)| t);
        assert_eq!(tag("a.fr.md"), Some("fr"));
        assert_eq!(tag("2024/b/index.pt-BR.md"), Some("pt-BR"));
        assert_eq!(tag("entities/colombia.de.md"), Some("de"));
        assert_eq!(tag("2024/_index.it.md"), Some("it"));
        assert_eq!(tag("v1.2.md"), None);
        assert_eq!(tag("notes.old.md"), None);
        assert_eq!(tag("report.final.md"), None);
        assert_eq!(tag("a.new.md"), None);
        assert_eq!(tag("a.xq.md"), None, "not a language ICU knows");
        assert_eq!(tag(".fr.md"), None);
        assert_eq!(tag("a.fr/b.md"), None);
        assert_eq!(tag("a.md"), None);
    }

    #[test]
    fn file_name_warnings() {
        let langs = ["en".to_string(), "es".to_string()];
        let codes = |rels: &[&str]| {
            file_names(rels.iter().copied(), [], &langs, |r| format!("content/{r}"))
                .into_iter()
                .map(|d| (d.code, d.file.unwrap()))
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(&["a.md", "a.es.md", "b/index.md", "b.es.md"]), []);
        assert_eq!(
            codes(&["c/index.md", "c/index.es.md", "_index.md", "_index.es.md"]),
            []
        );
        assert_eq!(
            codes(&["x.es.md", "s/_index.es.md", "entities/co.es.md"]),
            [
                (Code::W018, "content/x.es.md".to_string()),
                (Code::W018, "content/s/_index.es.md".to_string()),
                (Code::W018, "content/entities/co.es.md".to_string()),
            ]
        );
        assert_eq!(
            codes(&["a.md", "a.fr.md", "a.en.md", "v1.2.md"]),
            [
                (Code::W019, "content/a.fr.md".to_string()),
                (Code::W019, "content/a.en.md".to_string()),
            ]
        );
        let bundled = file_names(
            ["b/index.md"],
            ["b/index.fr.md", "b/notes.fr.md", "c/index.fr.md"],
            &langs,
            |r| r.to_string(),
        );
        assert_eq!(bundled.len(), 1, "{bundled:?}");
        assert_eq!(bundled[0].file.as_deref(), Some("b/index.fr.md"));
        assert!(bundled[0].message.contains("a file of its bundle"));
    }
}
