//! The pages of a multilingual site that are one page in several
//! languages (SPEC §9): which languages have each page, for the language
//! switcher and the `hreflang` alternates every such page carries.
//!
//! A report's translations are the reports of the other languages with
//! its id (`2024/a.md` and `2024/a.es.md`), whatever their slugs; any
//! other page (a listing, an index, an entity's, a source's, a claim's) is
//! the page at the same URL in the other language's folder, when that
//! language has it.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::{Job, Renderer};
use crate::urls::{list_page_url, root_prefix};

/// For each language, in the order of `languages`: its pages and its
/// reports' URLs by report id.
pub(super) struct Alternates {
    langs: Vec<LangPages>,
}

struct LangPages {
    /// The tag as the site writes it (`es`, `pt-BR`): `hreflang`'s value.
    tag: String,
    /// Its name in itself (`Español`), for the switcher.
    name: String,
    /// Its folder from the site root (`""`, `es/`).
    prefix: String,
    /// The absolute URL of its folder.
    base_url: String,
    /// Every page's URL, from the language's folder.
    pages: HashSet<String>,
    /// Report id → its URL in this language.
    reports: HashMap<String, String>,
    /// Report URL → id, for the pages that are reports.
    report_ids: HashMap<String, String>,
}

/// One language's version of a page, as templates get it (`translations`).
#[derive(Serialize)]
pub(super) struct Translation {
    /// `hreflang` (`es`).
    pub lang: String,
    /// The language's name in itself (`Español`).
    pub name: String,
    /// From the page where it is shown.
    pub href: String,
    /// Absolute, for `<link rel="alternate">`.
    pub url: String,
    /// Whether it is the page itself.
    pub current: bool,
}

impl Alternates {
    /// The table of every language's pages: `renderers` and `jobs` are in
    /// the order of `languages`.
    pub(super) fn new(renderers: &[Renderer<'_, '_>], jobs: &[Vec<Job<'_>>]) -> Alternates {
        let langs = renderers
            .iter()
            .zip(jobs)
            .map(|(r, jobs)| {
                let config = r.site.config;
                let reports: HashMap<String, String> = r
                    .site
                    .reports
                    .iter()
                    .map(|rr| (rr.report.id.clone(), rr.report.url.clone()))
                    .collect();
                LangPages {
                    tag: config.language.clone(),
                    name: language_name(r),
                    prefix: config.prefix.clone(),
                    base_url: config.base_url.clone(),
                    pages: jobs.iter().filter_map(|j| r.job_url(j)).collect(),
                    report_ids: reports
                        .iter()
                        .map(|(id, url)| (url.clone(), id.clone()))
                        .collect(),
                    reports,
                }
            })
            .collect();
        Alternates { langs }
    }

    /// The other languages' versions of the report `id`, as
    /// `(language tag, absolute URL)` in the order of `languages`, for
    /// `data/site.json`: empty when the report is in language `lang` only.
    pub(super) fn report_versions(&self, lang: usize, id: &str) -> Vec<(&str, String)> {
        self.langs
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != lang)
            .filter_map(|(_, other)| {
                let url = other.reports.get(id)?;
                Some((other.tag.as_str(), format!("{}{url}", other.base_url)))
            })
            .collect()
    }

    /// Every language's folder (`""`, `es/`).
    pub(super) fn prefixes(&self) -> Vec<String> {
        self.langs.iter().map(|l| l.prefix.clone()).collect()
    }

    /// The versions of the page at `url` (from the folder of language
    /// `lang`) in every language that has it, itself included, in the
    /// order of `languages`; empty when no other language has it. The
    /// second value is the absolute URL of `x-default`: the default
    /// language's version, else the first there is.
    pub(super) fn of(&self, lang: usize, url: &str) -> (Vec<Translation>, Option<String>) {
        let here = &self.langs[lang];
        let at = root_prefix(&format!("{}{url}", here.prefix));
        let report = here.report_ids.get(url);
        let mut out = Vec::new();
        for (i, other) in self.langs.iter().enumerate() {
            let target = match report {
                Some(id) => other.reports.get(id).cloned(),
                None => other.pages.contains(url).then(|| url.to_string()),
            };
            let Some(target) = target else { continue };
            out.push(Translation {
                lang: other.tag.clone(),
                name: other.name.clone(),
                href: format!("{at}{}{target}", other.prefix),
                url: format!("{}{target}", other.base_url),
                current: i == lang,
            });
        }
        if out.len() < 2 {
            return (Vec::new(), None);
        }
        let x_default = out.first().map(|t| t.url.clone());
        (out, x_default)
    }
}

/// The language's name in itself, from its strings (`language.name`); the
/// tag for a language dossier ships no strings for, which would otherwise
/// read "English".
fn language_name(r: &Renderer<'_, '_>) -> String {
    let tag = &r.site.config.language;
    let name = r.theme.strings.text("language.name");
    if crate::i18n::Catalogue::ships(tag) || name != "English" {
        name.to_string()
    } else {
        tag.clone()
    }
}

impl Renderer<'_, '_> {
    /// The URL of the page a job renders, from the language's folder; none
    /// for the 404 page, which is not a page of a language.
    pub(super) fn job_url(&self, job: &Job<'_>) -> Option<String> {
        Some(match job {
            Job::Home(page) => list_page_url("", *page),
            Job::Section(path, page) => list_page_url(&format!("{path}/"), *page),
            Job::Report(i) => self.site.report(*i).report.url.clone(),
            Job::Entities => "entities/".into(),
            Job::Entity(id, page) => list_page_url(&format!("entities/{id}/"), *page),
            Job::EntityGraph => super::graph::GRAPH_URL.into(),
            Job::Sources => "sources/".into(),
            Job::SourceType(kind, page) => {
                list_page_url(&super::registry::source_type_url(*kind), *page)
            }
            Job::Source(id, page) => list_page_url(
                &format!("sources/{}/", crate::ids::source_slug(id.as_str())),
                *page,
            ),
            Job::Claims => "claims/".into(),
            Job::ClaimStatus(n, page) => list_page_url(
                &super::claims::status_url(&self.claim_lists.statuses().get(*n)?.0.id),
                *page,
            ),
            Job::Claim(id) => super::claim_page::claim_url(id.as_str()),
            Job::Tags => "tags/".into(),
            Job::Tag(slug, page) => list_page_url(&format!("tags/{slug}/"), *page),
            Job::Timeline => "timeline/".into(),
            Job::TimelineYear(n, page) => list_page_url(
                &super::timeline::year_url(self.timeline.years().get(*n)?.0),
                *page,
            ),
            Job::Search => super::search::URL.into(),
            Job::NotFound => return None,
        })
    }
}
