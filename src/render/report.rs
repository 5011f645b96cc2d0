//! A report's page.

use serde::Serialize;

use super::labels::entity_type;
use super::{Backref, ClaimRow, Link, OutputFile, Renderer, SourceEntry};
use crate::diag::Diagnostic;
use crate::ids::EntityId;
use crate::model::When;
use crate::resolve::{EntityShown, ReportIndex};
use crate::urls::root_prefix;

/// A footnote at the end of a report.
#[derive(Serialize)]
struct NoteView<'v> {
    number: usize,
    /// Its element id, the target of its references.
    id: String,
    html: &'v str,
    backrefs: Vec<Backref>,
}

/// A correction to the report, shown at its top.
#[derive(Serialize)]
struct CorrectionView<'v> {
    /// The date for `<time datetime>`.
    date: String,
    /// The date as readers see it: `4 May 2024`.
    date_display: String,
    /// What was corrected, as plain text.
    text: &'v str,
}

/// An entity a report names, with how often.
#[derive(Serialize)]
struct EntityMention<'v> {
    id: EntityId<'v>,
    name: &'v str,
    /// The language of `name` when it is not the page's; empty otherwise.
    name_lang: String,
    url: String,
    #[serde(rename = "type")]
    kind: &'static str,
    type_label: String,
    mentions: usize,
}

impl Renderer<'_, '_> {
    /// A report's page, and its BibTeX and CSL-JSON files beside it.
    pub(super) fn report(&self, i: ReportIndex) -> Result<Vec<OutputFile>, Diagnostic> {
        let r = self.site.report(i);
        let report = r.report;
        let meta = &report.meta;
        let url = report.url.as_str();
        let root = root_prefix(url);
        let mut ctx = self.common(
            url,
            &root,
            &meta.title,
            meta.summary.as_deref().unwrap_or(""),
            r.body.has_code,
        );
        let csl = self
            .site
            .config
            .csl
            .as_deref()
            .map(|style| self.csl_page(style, r));
        let mut sources: Vec<SourceEntry> = r
            .sources
            .iter()
            .enumerate()
            .map(|(n, &id)| {
                let mut entry = self.source_entry(id, &root);
                entry.number = n + 1;
                entry.backrefs = r
                    .uses
                    .get(&id)
                    .map(|uses| {
                        uses.iter()
                            .enumerate()
                            .map(|(k, u)| Backref {
                                label: backref_label(k),
                                href: format!("#{}", u.anchor),
                                locator: u.locator.clone().unwrap_or_default(),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                if let Some((_, html)) = csl.as_ref().and_then(|c| c.entries.get(id.as_str())) {
                    entry.csl.clone_from(html);
                }
                entry
            })
            .collect();
        if let Some(csl) = &csl {
            // The style's order; what its bibliography leaves out last.
            sources.sort_by_key(|s| csl.entries.get(&s.id).map_or(usize::MAX, |e| e.0));
        }
        let claims: Vec<ClaimRow> = r
            .claims
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let mut row = self.claim_row(c.claim, &root, Some((r, &c.cites)));
                // The claim's one citation goes with its first source.
                if let Some(html) = csl.as_ref().and_then(|csl| csl.claims.get(k))
                    && let Some(first) = row.cites.first_mut()
                {
                    first.html.clone_from(html);
                }
                row
            })
            .collect();
        let notes: Vec<NoteView> = r
            .body
            .notes
            .iter()
            .enumerate()
            .map(|(k, n)| NoteView {
                number: n.number,
                id: format!("note-{}", n.number),
                html: csl
                    .as_ref()
                    .and_then(|c| c.notes.get(k))
                    .map_or(&n.html, |h| h),
                backrefs: n
                    .refs
                    .iter()
                    .enumerate()
                    .map(|(k, a)| Backref {
                        label: backref_label(k),
                        href: format!("#{a}"),
                        locator: String::new(),
                    })
                    .collect(),
            })
            .collect();
        let entities: Vec<EntityMention> = r
            .entities
            .iter()
            .map(
                |&EntityShown {
                     entity: id,
                     mentions,
                 }| {
                    let def = self.site.defs.entities[&id].def;
                    EntityMention {
                        id,
                        name: &def.name,
                        name_lang: self.lang_attr(def.texts.langs[0]),
                        url: format!("{root}entities/{id}/"),
                        kind: def.kind.as_str(),
                        type_label: entity_type(def.kind).one(&self.theme.strings),
                        mentions,
                    }
                },
            )
            .collect();
        let card = self.card(i, &root, None);
        // Borrowed where it can be: the body alone is tens of kilobytes.
        #[derive(Serialize)]
        struct ReportView<'v> {
            title: &'v str,
            url: String,
            summary: String,
            date: String,
            date_display: String,
            updated: String,
            updated_display: String,
            authors: &'v [String],
            tags: Vec<Link>,
            section: Option<Link>,
            body: &'v str,
            claims: Vec<ClaimRow>,
            sources: Vec<SourceEntry>,
            notes: Vec<NoteView<'v>>,
            entities: Vec<EntityMention<'v>>,
            jsonld: String,
            draft: bool,
            /// A CSL style formats the citations and the Sources list.
            csl: bool,
            /// Newest first.
            corrections: Vec<CorrectionView<'v>>,
            cite: super::cite::ReportCite,
            citation_tags: Vec<super::cite::MetaTag>,
        }
        let cite = self.report_cite(r);
        let citation_tags = self.citation_tags(r, &cite);
        let [bib, json] = cite.formats.files(url);
        ctx.insert(
            "report",
            &ReportView {
                title: &meta.title,
                url: format!("{root}{url}"),
                summary: card.summary,
                date: card.date,
                date_display: card.date_display,
                updated: report.updated.map(When::machine).unwrap_or_default(),
                updated_display: report
                    .updated
                    .map(|w| w.display(self.locale))
                    .unwrap_or_default(),
                authors: &meta.authors,
                tags: card.tags,
                section: card.section,
                body: csl.as_ref().map_or(&r.body.html, |c| &c.body),
                csl: csl.is_some(),
                corrections: meta
                    .corrections
                    .iter()
                    .filter_map(|c| {
                        let when = c.when?;
                        Some(CorrectionView {
                            date: when.machine(),
                            date_display: when.display(self.locale),
                            text: &c.text,
                        })
                    })
                    .collect(),
                claims,
                sources,
                notes,
                entities,
                jsonld: self.jsonld(r),
                draft: meta.draft,
                cite,
                citation_tags,
            },
        );
        Ok(vec![self.page("report.html", url, ctx)?, bib, json])
    }
}

/// `a`, `b`, ... `z`, `aa`, `ab`, ...
pub(super) fn backref_label(k: usize) -> String {
    let letters = b"abcdefghijklmnopqrstuvwxyz";
    if k < 26 {
        (letters[k] as char).to_string()
    } else {
        format!("{}{}", backref_label(k / 26 - 1), letters[k % 26] as char)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backref_labels() {
        assert_eq!(backref_label(0), "a");
        assert_eq!(backref_label(25), "z");
        assert_eq!(backref_label(26), "aa");
    }
}
