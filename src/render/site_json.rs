//! `data/site.json`: the whole site as data, for scripts and search.

use serde::Serialize;

use super::Renderer;
use crate::ids::{ClaimId, EntityId, SourceId};
use crate::resolve::ReportIndex;

impl Renderer<'_, '_> {
    pub(super) fn data_json(&self) -> String {
        // Serialized from borrowed structs, not built as a `Value`: at
        // 10,000 reports the file is tens of megabytes. Fields are in
        // alphabetical order, as the format has always been written.
        #[derive(Serialize)]
        struct Data<'d> {
            claims: Vec<ClaimData<'d>>,
            entities: Vec<EntityData<'d>>,
            reports: Vec<ReportData<'d>>,
            site: SiteData<'d>,
            sources: Vec<SourceData<'d>>,
        }
        #[derive(Serialize)]
        struct SiteData<'d> {
            base_url: &'d str,
            /// The language of this file's pages (`es`): each language of
            /// a multilingual site has its own `data/site.json`.
            language: &'d str,
            title: &'d str,
        }
        #[derive(Serialize)]
        struct ReportData<'d> {
            claims: Vec<ClaimId<'d>>,
            /// Newest first; only on a report that has corrections.
            #[serde(skip_serializing_if = "Vec::is_empty")]
            corrections: Vec<CorrectionData<'d>>,
            date: String,
            /// Only on a draft, in a build with `--drafts`.
            #[serde(skip_serializing_if = "std::ops::Not::not")]
            draft: bool,
            entities: Vec<EntityId<'d>>,
            id: &'d str,
            sources: &'d [SourceId<'d>],
            tags: Vec<&'d str>,
            title: &'d str,
            /// On a multilingual site only: the report in the other
            /// languages that have it.
            #[serde(skip_serializing_if = "Option::is_none")]
            translations: Option<Vec<TranslationData<'d>>>,
            url: &'d str,
        }
        #[derive(Serialize)]
        struct TranslationData<'d> {
            language: &'d str,
            /// Absolute: it is under another language's folder.
            url: String,
        }
        #[derive(Serialize)]
        struct CorrectionData<'d> {
            date: String,
            text: &'d str,
        }
        #[derive(Serialize)]
        struct EntityData<'d> {
            aliases: &'d [String],
            claims: &'d [ClaimId<'d>],
            /// An event's dates, as in its page's `<time>` elements.
            #[serde(skip_serializing_if = "Option::is_none")]
            date: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            end_date: Option<String>,
            id: EntityId<'d>,
            mentions: usize,
            name: &'d str,
            reports: Vec<&'d str>,
            #[serde(rename = "type")]
            kind: &'static str,
            url: String,
        }
        #[derive(Serialize)]
        struct SourceData<'d> {
            claims: &'d [ClaimId<'d>],
            id: SourceId<'d>,
            reports: Vec<&'d str>,
            title: &'d str,
            #[serde(rename = "type")]
            kind: &'static str,
            url: String,
            /// A bibliography entry's CSL-JSON item: every field it has.
            #[serde(skip_serializing_if = "Option::is_none")]
            bibliography: Option<serde_json::Value>,
            /// The source's own document (`file:`).
            #[serde(skip_serializing_if = "Option::is_none")]
            file: Option<FileData>,
        }
        #[derive(Serialize)]
        struct FileData {
            url: String,
            #[serde(rename = "type")]
            kind: String,
            bytes: u64,
            sha256: String,
        }
        #[derive(Serialize)]
        struct ClaimData<'d> {
            #[serde(skip_serializing_if = "<[String]>::is_empty")]
            appearance: &'d [String],
            #[serde(skip_serializing_if = "Option::is_none")]
            claimant: Option<&'d str>,
            date: Option<String>,
            /// `true` for a date written `~2019`; absent otherwise.
            #[serde(skip_serializing_if = "Option::is_none")]
            date_approximate: Option<bool>,
            entities: &'d [String],
            id: ClaimId<'d>,
            report: &'d str,
            sources: &'d [String],
            status: &'d str,
            text: &'d str,
            url: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            verdict: Option<&'d str>,
        }
        let site = self.site;
        let report_ids = |list: &[ReportIndex]| -> Vec<&str> {
            list.iter()
                .map(|&i| site.report(i).report.id.as_str())
                .collect()
        };
        let data = Data {
            claims: site
                .defs
                .claims
                .iter()
                .map(|(&id, c)| ClaimData {
                    appearance: &c.def.appearance,
                    claimant: c.def.claimant.as_deref(),
                    date: c
                        .def
                        .timeline_date()
                        .map(crate::model::TimelineDate::machine),
                    date_approximate: c
                        .def
                        .timeline_date()
                        .and_then(|d| d.approximate.then_some(true)),
                    entities: &c.def.entities,
                    id,
                    report: &site.docs.report(c.report).id,
                    sources: &c.def.sources,
                    status: &c.def.status,
                    text: &c.def.text,
                    url: super::claim_page::claim_url(id.as_str()),
                    verdict: c.def.verdict.as_deref(),
                })
                .collect(),
            entities: site
                .defs
                .entities
                .iter()
                .map(|(&id, d)| {
                    let list = site.entity_reports.get(&id).map_or(&[][..], Vec::as_slice);
                    EntityData {
                        aliases: &d.def.aliases,
                        claims: site.entity_claims.get(&id).map_or(&[][..], Vec::as_slice),
                        date: d.def.event_dates().map(|e| e.start.machine()),
                        end_date: d.def.event_dates().and_then(|e| e.end).map(|e| e.machine()),
                        id,
                        mentions: list.iter().map(|e| e.mentions).sum(),
                        name: &d.def.name,
                        reports: list
                            .iter()
                            .map(|e| site.report(e.report).report.id.as_str())
                            .collect(),
                        kind: d.def.kind.as_str(),
                        url: format!("entities/{id}/"),
                    }
                })
                .collect(),
            reports: site
                .reports
                .iter()
                .map(|r| {
                    let report = r.report;
                    ReportData {
                        claims: r.claims.iter().map(|c| c.claim).collect(),
                        corrections: report
                            .meta
                            .corrections
                            .iter()
                            .filter_map(|c| {
                                Some(CorrectionData {
                                    date: c.when?.machine(),
                                    text: &c.text,
                                })
                            })
                            .collect(),
                        date: report.date.machine(),
                        draft: report.meta.draft,
                        entities: r.entities.iter().map(|e| e.entity).collect(),
                        id: &report.id,
                        sources: &r.sources,
                        tags: self
                            .report_tags(&report.meta.tags)
                            .into_iter()
                            .map(|(_, name)| name)
                            .collect(),
                        title: &report.meta.title,
                        translations: self.alternates.as_ref().map(|a| {
                            a.report_versions(self.lang, &report.id)
                                .into_iter()
                                .map(|(language, url)| TranslationData { language, url })
                                .collect()
                        }),
                        url: &report.url,
                    }
                })
                .collect(),
            site: SiteData {
                base_url: &site.config.base_url,
                language: &site.config.language,
                title: &site.config.title,
            },
            sources: site
                .defs
                .sources
                .iter()
                .filter(|(id, _)| site.has_source_page(id.as_str()))
                .map(|(&id, d)| SourceData {
                    claims: site.source_claims.get(&id).map_or(&[][..], Vec::as_slice),
                    id,
                    reports: site
                        .source_reports
                        .get(&id)
                        .map(|l| report_ids(l))
                        .unwrap_or_default(),
                    title: &d.def.title,
                    kind: d.def.kind.as_str(),
                    url: format!("sources/{}/", crate::ids::source_slug(id.as_str())),
                    bibliography: self
                        .bib_item(d.origin)
                        .map(crate::bibliography::to_csl_json),
                    file: d.def.document.as_ref().map(|doc| FileData {
                        url: super::document_path(id.as_str(), &doc.name),
                        kind: doc.kind(),
                        bytes: doc.bytes,
                        sha256: doc.sha256.clone(),
                    }),
                })
                .collect(),
        };
        let mut out = serde_json::to_string_pretty(&data).unwrap_or_default();
        out.push('\n');
        out
    }
}
