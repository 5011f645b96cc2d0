//! "Cite this": what a source page and a report page give readers who want
//! to cite them — the entry as BibTeX and as CSL-JSON, shown on the page
//! and written beside it as files to download — and, on a report page, the
//! Highwire Press `citation_*` meta tags that Google Scholar and reference
//! managers (Zotero's page translator) read.

use std::borrow::Cow;
use std::collections::BTreeMap;

use citationberg::json::{Item, LiteralName, NameValue, Value};
use serde::Serialize;

use super::{OutputFile, Renderer};
use crate::bibliography::export::{
    bibtex_of_entry, bibtex_of_item, csl_json_file, front_matter_item,
};
use crate::bibliography::{PartialDate, date_of, date_value, text};
use crate::ids::SourceId;
use crate::ids::source_slug;
use crate::resolve::{Origin, ResolvedReport};

/// The names of the files a source page links to, beside its page.
pub(super) const SOURCE_FILES: (&str, &str) = ("source.bib", "source.json");
/// The names of the files a report page links to, beside its page.
pub(super) const REPORT_FILES: (&str, &str) = ("citation.bib", "citation.json");

/// `source.cite` and part of `report.cite`: an entry in both formats, and
/// the files that hold them (relative to the page).
#[derive(Serialize)]
pub(super) struct CiteView {
    pub(super) bibtex: String,
    pub(super) csl_json: String,
    pub(super) bibtex_url: &'static str,
    pub(super) csl_json_url: &'static str,
}

impl CiteView {
    fn new(bibtex: String, csl_json: String, (bib, json): (&'static str, &'static str)) -> Self {
        CiteView {
            bibtex,
            csl_json,
            bibtex_url: bib,
            csl_json_url: json,
        }
    }

    /// The two files, for a page at `url`.
    pub(super) fn files(&self, url: &str) -> [OutputFile; 2] {
        [
            OutputFile::new(format!("{url}{}", self.bibtex_url), self.bibtex.clone()),
            OutputFile::new(format!("{url}{}", self.csl_json_url), self.csl_json.clone()),
        ]
    }
}

/// `report.cite`: how to cite a report.
#[derive(Serialize)]
pub(super) struct ReportCite {
    /// Its authors; the site's title when the report names none.
    pub(super) authors: Vec<String>,
    /// What it is published in: the site's title.
    pub(super) container: String,
    pub(super) title: String,
    /// Its publication date, for machines and for readers.
    pub(super) date: String,
    pub(super) date_display: String,
    /// Its absolute address.
    pub(super) url: String,
    #[serde(flatten)]
    pub(super) formats: CiteView,
}

/// One `<meta name content>` of a report's head.
#[derive(Serialize)]
pub(super) struct MetaTag {
    pub(super) name: &'static str,
    pub(super) content: String,
}

impl<'a> Renderer<'_, 'a> {
    /// A source's CSL item: a bibliography entry's own, or one made from
    /// its front-matter fields.
    fn source_item(&self, id: SourceId<'_>) -> Cow<'a, Item> {
        let def = &self.site.defs.sources[&id];
        match self.bib_item(def.origin) {
            Some(item) => Cow::Borrowed(item),
            None => Cow::Owned(front_matter_item(id.as_str(), def.def)),
        }
    }

    /// `source.cite` of a source's page.
    pub(super) fn source_cite(&self, id: SourceId<'_>) -> CiteView {
        let item = self.source_item(id);
        let tex = match self.site.defs.sources[&id].origin {
            Origin::Bibliography(i) => self
                .site
                .docs
                .bibliography
                .get(i)
                .and_then(|e| e.tex.as_deref()),
            _ => None,
        };
        let bibtex = match tex {
            Some(entry) => bibtex_of_entry(entry),
            None => bibtex_of_item(id.as_str(), &item),
        };
        CiteView::new(bibtex, csl_json_file(&item), SOURCE_FILES)
    }

    /// The authors a report is cited with: its own, else the site's title
    /// (the organisation that publishes it).
    fn report_authors(&self, r: &ResolvedReport<'_>) -> Vec<String> {
        let authors: Vec<String> = r
            .report
            .meta
            .authors
            .iter()
            .filter(|a| !a.trim().is_empty())
            .cloned()
            .collect();
        if authors.is_empty() {
            vec![self.site.config.title.clone()]
        } else {
            authors
        }
    }

    /// `report.cite`: a report as a web page (CSL `webpage`, BibLaTeX
    /// `@online`) in the site, with its authors, date, URL and language.
    pub(super) fn report_cite(&self, r: &ResolvedReport<'_>) -> ReportCite {
        let config = self.site.config;
        let report = r.report;
        let url = format!("{}{}", config.base_url, report.url);
        // A key made of the report's path (`2024-colombia-israel`).
        let key = source_slug(&report.id).into_owned();
        let authors = self.report_authors(r);
        let s = |t: &str| Value::String(t.to_string());
        let mut vars: BTreeMap<String, Value> = BTreeMap::new();
        vars.insert("id".into(), s(&key));
        vars.insert("type".into(), s("webpage"));
        vars.insert("title".into(), s(&report.meta.title));
        vars.insert(
            "author".into(),
            Value::Names(
                authors
                    .iter()
                    .map(|a| NameValue::Literal(LiteralName { literal: a.clone() }))
                    .collect(),
            ),
        );
        vars.insert("container-title".into(), s(&config.title));
        vars.insert("URL".into(), s(&url));
        vars.insert("language".into(), s(&config.language));
        if let Some(summary) = report
            .meta
            .summary
            .as_deref()
            .filter(|t| !t.trim().is_empty())
        {
            vars.insert("abstract".into(), s(summary.trim()));
        }
        let day = report.date.day();
        vars.insert(
            "issued".into(),
            date_value(PartialDate {
                year: i32::from(day.year()),
                month: u8::try_from(day.month()).ok(),
                day: u8::try_from(day.day()).ok(),
            }),
        );
        let item = Item(vars);
        ReportCite {
            authors,
            container: config.title.clone(),
            title: report.meta.title.clone(),
            date: report.date.machine(),
            date_display: report.date.display(self.locale),
            url,
            formats: CiteView::new(
                bibtex_of_item(&key, &item),
                csl_json_file(&item),
                REPORT_FILES,
            ),
        }
    }

    /// The Highwire Press tags of a report page, in the order Google
    /// Scholar's inclusion guidelines list them: title, one
    /// `citation_author` per author, the publication date (`YYYY/MM/DD`),
    /// then the publisher, language and addresses, and one
    /// `citation_reference` per source the report cites or lists. A later
    /// update is `dcterms.modified`: `citation_online_date` would say when
    /// the report first went online, which is its publication date.
    pub(super) fn citation_tags(&self, r: &ResolvedReport<'_>, cite: &ReportCite) -> Vec<MetaTag> {
        let report = r.report;
        let mut tags = vec![MetaTag {
            name: "citation_title",
            content: report.meta.title.clone(),
        }];
        tags.extend(cite.authors.iter().map(|a| MetaTag {
            name: "citation_author",
            content: a.clone(),
        }));
        let day = report.date.day();
        tags.push(MetaTag {
            name: "citation_publication_date",
            content: format!("{:04}/{:02}/{:02}", day.year(), day.month(), day.day()),
        });
        if let Some(updated) = report.updated.filter(|u| u.day() != day) {
            tags.push(MetaTag {
                name: "dcterms.modified",
                content: updated.day().to_string(),
            });
        }
        tags.push(MetaTag {
            name: "citation_publisher",
            content: cite.container.clone(),
        });
        tags.push(MetaTag {
            name: "citation_language",
            content: self.site.config.language.clone(),
        });
        for name in [
            "citation_public_url",
            "citation_abstract_html_url",
            "citation_fulltext_html_url",
        ] {
            tags.push(MetaTag {
                name,
                content: cite.url.clone(),
            });
        }
        tags.extend(r.sources.iter().map(|&id| MetaTag {
            name: "citation_reference",
            content: highwire_reference(&self.source_item(id)),
        }));
        tags
    }
}

/// A cited work as Highwire's `citation_reference` holds it:
/// `citation_title=…; citation_author=…; citation_publication_date=…`,
/// with the journal or publisher, volume, issue, pages and DOI when known.
/// A `;` inside a value would end it, so it is written as `,`.
fn highwire_reference(item: &Item) -> String {
    let mut parts: Vec<(&str, String)> = Vec::new();
    let clean = |s: &str| {
        s.replace(';', ",")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    if let Some(t) = text(item, "title") {
        parts.push(("citation_title", clean(&t)));
    }
    if let Some(Value::Names(names)) = item.0.get("author") {
        for n in names {
            let name = match n {
                NameValue::Literal(l) => l.literal.clone(),
                NameValue::Item(i) => {
                    let family = [i.non_dropping_particle.as_deref(), Some(i.family.as_str())]
                        .into_iter()
                        .flatten()
                        .filter(|p| !p.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ");
                    match i.given.as_deref().filter(|g| !g.is_empty()) {
                        Some(g) => format!("{family}, {g}"),
                        None => family,
                    }
                }
            };
            parts.push(("citation_author", clean(&name)));
        }
    }
    if let Some(d) = item.0.get("issued").and_then(date_of) {
        parts.push(("citation_publication_date", highwire_date(d)));
    }
    let kind = text(item, "type").unwrap_or_default();
    if let Some(c) = text(item, "container-title") {
        let field = match kind.as_ref() {
            "paper-conference" => "citation_conference_title",
            "chapter" => "citation_inbook_title",
            _ => "citation_journal_title",
        };
        parts.push((field, clean(&c)));
    }
    for (var, field) in [
        ("publisher", "citation_publisher"),
        ("volume", "citation_volume"),
        ("issue", "citation_issue"),
        ("DOI", "citation_doi"),
    ] {
        if let Some(v) = text(item, var) {
            parts.push((field, clean(&v)));
        }
    }
    if let Some(pages) = text(item, "page") {
        let mut range = pages
            .split(['–', '-'])
            .map(str::trim)
            .filter(|p| !p.is_empty());
        if let Some(first) = range.next() {
            parts.push(("citation_firstpage", clean(first)));
        }
        if let Some(last) = range.next_back() {
            parts.push(("citation_lastpage", clean(last)));
        }
    }
    parts
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A date as Highwire writes it: `2024/05/02`, `2024/05` or `2024`.
fn highwire_date(d: PartialDate) -> String {
    d.iso().replace('-', "/")
}
