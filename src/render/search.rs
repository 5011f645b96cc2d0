//! Search (SPEC §5.1): the records a language's site gives the search
//! index (its reports, claims, entities and sources, each with the facets
//! it has), and the search page, `search/index.html`, which reads the
//! index with the theme's `search.js`.
//!
//! Record text is HTML-escaped here: Pagefind's excerpts are cut from it
//! and come back with `<mark>` around the words found, for the page's
//! script to show as they are.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::{OutputFile, Renderer};
use crate::diag::Diagnostic;
use crate::search::{FACETS, Record, Records};
use crate::text::escape;
use crate::urls::root_prefix;

/// Where the search page is, from the language's folder.
pub(super) const URL: &str = "search/";

/// A facet as the search page names it.
#[derive(Serialize)]
struct FacetView {
    /// The key of [`Record::filters`].
    key: &'static str,
    label: String,
}

impl Renderer<'_, '_> {
    /// The search page: its form, the facets' names, and links to the
    /// indexes for readers without JavaScript.
    pub(super) fn search_page(&self) -> Result<OutputFile, Diagnostic> {
        let strings = &self.theme.strings;
        let root = root_prefix(URL);
        let mut ctx = self.common(URL, &root, strings.text("search.title"), "", false);
        let facets: Vec<FacetView> = FACETS
            .iter()
            .map(|&key| FacetView {
                key,
                label: strings.text(&format!("search.facet.{key}")).to_string(),
            })
            .collect();
        ctx.insert("facets", &facets);
        // The page's script counts results in the site's language: the
        // plural forms of the count, `{n}` left for it to fill.
        let forms = |key: &str| -> BTreeMap<String, String> {
            match strings.messages().find(|(k, _)| *k == key).map(|(_, m)| m) {
                Some(crate::i18n::Message::Plural(forms)) => forms.iter().cloned().collect(),
                Some(crate::i18n::Message::Text(t)) => {
                    BTreeMap::from([("other".into(), t.clone())])
                }
                None => BTreeMap::from([("other".into(), key.to_string())]),
            }
        };
        ctx.insert(
            "count_forms",
            &serde_json::to_string(&forms("search.count")).unwrap_or_default(),
        );
        ctx.insert("index_url", &format!("{root}{}", crate::search::FOLDER));
        self.page("search.html", URL, ctx)
    }

    /// The records of this language's site, for [`crate::search::index_files`].
    pub(super) fn search_records(&self) -> Records {
        let site = self.site;
        let strings = &self.theme.strings;
        let kind_label = |kind: &str| strings.text(&format!("search.kind.{kind}")).to_string();
        let (report_label, claim_label) = (kind_label("report"), kind_label("claim"));
        let entity_name = |id: &str| site.defs.entities.get(id).map(|d| d.def.name.clone());
        let mut records = Vec::new();
        // Reports, with what their claims inherit: tags, section.
        let mut report_facets: BTreeMap<&str, (Vec<String>, Vec<String>)> = BTreeMap::new();
        // The bodies' text, the bulk of the work, on every thread.
        let bodies: Vec<String> = site
            .reports
            .par_iter()
            .map(|r| {
                let mut text = text_of_html(&r.body.html);
                for note in &r.body.notes {
                    text.push(' ');
                    text.push_str(&text_of_html(&note.html));
                }
                text
            })
            .collect();
        for (r, body) in site.reports.iter().zip(bodies) {
            let report = r.report;
            let meta = &report.meta;
            let tags: Vec<String> = self
                .report_tags(&meta.tags)
                .into_iter()
                .map(|(_, name)| name.to_string())
                .collect();
            let section: Vec<String> = (!report.section.is_empty())
                .then(|| self.section_titles.get(&report.section).cloned())
                .flatten()
                .into_iter()
                .collect();
            report_facets.insert(report.id.as_str(), (tags.clone(), section.clone()));
            let mut content = escape(&meta.title);
            for part in meta.summary.iter().chain(meta.authors.iter()) {
                content.push_str(". ");
                content.push_str(&escape(part));
            }
            content.push_str(". ");
            content.push_str(&body);
            let mut record = Record {
                url: report.url.clone(),
                content,
                ..Record::default()
            };
            record.meta.insert("title".into(), meta.title.clone());
            record.meta.insert("kind".into(), "report".into());
            record.meta.insert("type".into(), report_label.clone());
            record
                .meta
                .insert("date".into(), report.date.display(self.locale));
            if let Some(summary) = &meta.summary {
                record.meta.insert("summary".into(), summary.clone());
            }
            let f = &mut record.filters;
            f.insert(
                "entity".into(),
                r.entities
                    .iter()
                    .filter_map(|e| entity_name(e.entity.as_str()))
                    .collect(),
            );
            f.insert("tag".into(), tags);
            f.insert("section".into(), section);
            f.insert("year".into(), year_of(&report.date.machine()));
            records.push(record);
        }
        for (&id, entry) in &site.defs.claims {
            let def = entry.def;
            let report = site.docs.report(entry.report);
            let status = site.config.status(&def.status);
            let status_label = status.map_or_else(
                || crate::text::status_label(&def.status),
                |s| s.label.clone(),
            );
            let mut content = escape(&def.text);
            for part in [&def.verdict, &def.note].into_iter().flatten() {
                content.push_str(". ");
                content.push_str(&escape(part));
            }
            // The report the claim is in: a search for it finds its claims.
            content.push_str(". ");
            content.push_str(&escape(&report.meta.title));
            let claimant = def.claimant.as_deref().and_then(entity_name);
            if let Some(name) = &claimant {
                content.push_str(". ");
                content.push_str(&escape(name));
            }
            let mut record = Record {
                url: super::claim_page::claim_url(id.as_str()),
                content,
                ..Record::default()
            };
            let date = def.timeline_date();
            record.meta.insert("title".into(), def.text.clone());
            record.meta.insert("kind".into(), "claim".into());
            record.meta.insert("type".into(), claim_label.clone());
            record.meta.insert("status".into(), def.status.clone());
            record
                .meta
                .insert("status_label".into(), status_label.clone());
            if let Some(d) = date {
                record
                    .meta
                    .insert("date".into(), self.timeline_date_text(d));
            }
            if let Some(verdict) = &def.verdict {
                record.meta.insert("summary".into(), verdict.clone());
            }
            let f = &mut record.filters;
            f.insert("status".into(), vec![status_label]);
            let mut entities: Vec<String> =
                def.entities.iter().filter_map(|e| entity_name(e)).collect();
            if let Some(name) = claimant
                && !entities.contains(&name)
            {
                entities.push(name);
            }
            f.insert("entity".into(), entities);
            if let Some((tags, section)) = report_facets.get(report.id.as_str()) {
                f.insert("tag".into(), tags.clone());
                f.insert("section".into(), section.clone());
            }
            let year = date.map_or_else(|| report.date.machine(), |d| d.machine());
            f.insert("year".into(), year_of(&year));
            records.push(record);
        }
        for (&id, d) in &site.defs.entities {
            let def = d.def;
            let type_label = super::labels::entity_type(def.kind).one(strings);
            let mut content = escape(&def.name);
            for part in def.aliases.iter().chain(def.description.iter()) {
                content.push_str(". ");
                content.push_str(&escape(part));
            }
            let mut record = Record {
                url: format!("entities/{id}/"),
                content,
                ..Record::default()
            };
            record.meta.insert("title".into(), def.name.clone());
            record.meta.insert("kind".into(), "entity".into());
            record.meta.insert("type".into(), type_label.clone());
            if let Some(description) = &def.description {
                record.meta.insert("summary".into(), description.clone());
            }
            let f = &mut record.filters;
            f.insert("entity".into(), vec![def.name.clone()]);
            f.insert("entity_type".into(), vec![type_label]);
            records.push(record);
        }
        for (&id, d) in &site.defs.sources {
            if !site.has_source_page(id.as_str()) {
                continue;
            }
            let def = d.def;
            let type_label = super::labels::source_type(def.kind).one(strings);
            let mut content = escape(&def.title);
            for part in [&def.publisher, &def.author, &def.quote]
                .into_iter()
                .flatten()
            {
                content.push_str(". ");
                content.push_str(&escape(part));
            }
            let mut record = Record {
                url: format!("sources/{}/", crate::ids::source_slug(id.as_str())),
                content,
                ..Record::default()
            };
            record.meta.insert("title".into(), def.title.clone());
            record.meta.insert("kind".into(), "source".into());
            record.meta.insert("type".into(), type_label.clone());
            let date = super::display_opt(def.date.as_deref(), self.locale);
            if !date.is_empty() {
                record.meta.insert("date".into(), date);
            }
            let f = &mut record.filters;
            f.insert("source_type".into(), vec![type_label]);
            f.insert(
                "year".into(),
                year_of(&super::machine_opt(def.date.as_deref())),
            );
            records.push(record);
        }
        for record in &mut records {
            record.filters.retain(|_, values| !values.is_empty());
        }
        Records {
            language: site.config.language.clone(),
            prefix: site.config.prefix.clone(),
            records,
        }
    }
}

/// The year of a machine-readable date (`2024-05-02T…`, `2024-05`,
/// `2024`), none for an empty or odd one.
fn year_of(machine: &str) -> Vec<String> {
    let year: String = machine
        .trim_start_matches('~')
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if year.len() == 4 {
        vec![year]
    } else {
        Vec::new()
    }
}

/// The text of rendered HTML with its tags taken out and its character
/// references kept (the text stays escaped): a space where a tag that
/// separates words was, nothing where an inline one was (`<em>har</em>bour`
/// stays one word).
pub(crate) fn text_of_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(end) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = &after[..end];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        const INLINE: &[&str] = &[
            "a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s",
            "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
        ];
        if !INLINE.contains(&name.as_str()) && !out.ends_with(' ') {
            out.push(' ');
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    let collapsed: Vec<&str> = out.split_whitespace().collect();
    collapsed.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_escaped_text() {
        assert_eq!(
            text_of_html("<p>The <em>har</em>bour &amp; dock</p><ul><li>one</li><li>two</li></ul>"),
            "The harbour &amp; dock one two"
        );
        assert_eq!(text_of_html("a<br>b"), "a b");
    }

    #[test]
    fn years_come_from_machine_dates() {
        assert_eq!(year_of("2024-05-02T00:00:00Z"), ["2024"]);
        assert_eq!(year_of("~2019"), ["2019"]);
        assert!(year_of("").is_empty());
    }
}
