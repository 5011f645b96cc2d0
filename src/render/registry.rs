//! Entity and source pages, and their indexes.

use serde::Serialize;

use super::labels::{entity_type, link_label, source_type};
use super::{
    Card, ClaimRow, DocumentView, OutputFile, Renderer, SourceEntry, display_opt, machine_opt,
};
use crate::diag::Diagnostic;
use crate::ids::source_slug;
use crate::ids::{EntityId, SourceId};
use crate::markdown::markdown_at;
use crate::model::{EntityType, SourceType};
use crate::urls::root_prefix;

/// What an entity's counts in the index and in `data/site.json` count.
pub(super) struct EntityCounts {
    /// Reports that show the entity.
    pub(super) reports: usize,
    /// Claims that involve it.
    pub(super) claims: usize,
    /// Times the reports name it, summed.
    pub(super) mentions: usize,
}

/// An entity in the entity index, with its counts.
#[derive(Serialize)]
struct EntityEntry<'v> {
    id: EntityId<'v>,
    name: &'v str,
    /// The language of `name` when it is not the page's (a fallback to
    /// another language: the template marks it `lang="en"`); empty
    /// otherwise.
    name_lang: String,
    url: String,
    reports: usize,
    claims: usize,
    mentions: usize,
}

/// The entities of one type, in the entity index.
#[derive(Serialize)]
struct EntityGroup<'v> {
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    entities: Vec<EntityEntry<'v>>,
}

/// `entity` on an entity's pages.
#[derive(Serialize)]
struct EntityView<'v> {
    id: EntityId<'v>,
    name: &'v str,
    #[serde(rename = "type")]
    kind: &'static str,
    type_label: String,
    aliases: &'v [String],
    description: &'v str,
    /// The language of `name`, `aliases` and `description`, each when it
    /// is not the page's (text that fell back to another language);
    /// empty otherwise.
    name_lang: String,
    aliases_lang: String,
    description_lang: String,
    /// The body of its registry file, as HTML; empty for one defined in a
    /// report.
    body: String,
    links: Vec<EntityLink<'v>>,
}

/// One of an entity's `links:`, named after its site.
#[derive(Serialize)]
struct EntityLink<'v> {
    title: String,
    url: &'v str,
}

/// An entity named in the same reports as the one a page is about.
#[derive(Serialize)]
struct RelatedEntity<'v> {
    name: &'v str,
    /// The language of `name` when it is not the page's; empty otherwise.
    name_lang: String,
    url: String,
    /// In how many reports both are named.
    count: usize,
}

/// A source in the source index, with its counts.
#[derive(Serialize)]
struct SourceIndexEntry<'v> {
    id: SourceId<'v>,
    title: &'v str,
    url: String,
    publisher: &'v str,
    /// The language of `title` and of `publisher`, each when it is not
    /// the page's; empty otherwise.
    title_lang: String,
    publisher_lang: String,
    date: String,
    date_display: String,
    author: &'v str,
    reports: usize,
    claims: usize,
}

/// The sources of one type, in the source index (the first page of them)
/// and on the type's listing (a page of them).
#[derive(Serialize)]
struct SourceGroup<'v> {
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    /// How many sources have the type.
    count: usize,
    /// The type's listing, `sources/type/<type>/`.
    url: String,
    sources: Vec<SourceIndexEntry<'v>>,
}

/// Sources with their definitions, as the source index lists them.
pub(super) type SourceList<'a> = Vec<(SourceId<'a>, &'a crate::model::SourceDef)>;

/// Where the listing of the sources of type `kind` starts, from the site
/// root. Below `sources/type/`, beside the source pages
/// (`sources/<id>/`, one folder deep), so that none can take their place.
pub(super) fn source_type_url(kind: SourceType) -> String {
    format!("sources/type/{}/", kind.as_str())
}

impl<'a> Renderer<'_, 'a> {
    /// What a text in `lang` is marked with on this edition's pages: its
    /// tag (`en`) when it is not the page's language, so that a screen
    /// reader reads a name that fell back to the default language in that
    /// language's voice; empty (no `lang` attribute) when it is.
    /// A text of unknown language (a bibliography entry's) is not marked.
    pub(super) fn lang_attr(&self, lang: Option<crate::model::Lang>) -> String {
        let Some(lang) = lang.filter(|l| l.index() != self.lang) else {
            return String::new();
        };
        self.site
            .config
            .languages
            .get(lang.index())
            .cloned()
            .unwrap_or_default()
    }

    pub(super) fn source_entry(&self, id: SourceId<'_>, root: &str) -> SourceEntry {
        let def = self.site.defs.sources[&id].def;
        SourceEntry {
            number: 0,
            id: id.to_string(),
            anchor: format!("source-{}", source_slug(id.as_str())),
            title: def.title.clone(),
            url: def.url.clone().unwrap_or_default(),
            publisher: def.publisher.clone().unwrap_or_default(),
            author: def.author.clone().unwrap_or_default(),
            date: machine_opt(def.date.as_deref()),
            date_display: display_opt(def.date.as_deref(), self.locale),
            kind: def.kind.as_str(),
            type_label: source_type(def.kind).one(&self.theme.strings),
            archive_url: def.archive_url.clone().unwrap_or_default(),
            quote: def.quote.clone().unwrap_or_default(),
            title_lang: self.lang_attr(def.texts.langs[0]),
            publisher_lang: self.lang_attr(def.texts.langs[1]),
            quote_lang: self.lang_attr(def.texts.langs[2]),
            accessed: machine_opt(def.accessed.as_deref()),
            accessed_display: display_opt(def.accessed.as_deref(), self.locale),
            page_url: format!("{root}sources/{}/", source_slug(id.as_str())),
            backrefs: Vec::new(),
            body: String::new(),
            bib: self
                .bib_item(self.site.defs.sources[&id].origin)
                .map(crate::bibliography::Details::of),
            csl: String::new(),
            cite: None,
            file: def.document.as_ref().map(|d| DocumentView {
                url: format!("{root}{}", super::document_path(id.as_str(), &d.name)),
                name: d.name.clone(),
                kind: d.kind_in(&self.theme.strings),
                bytes: d.bytes,
                size: d.size_in(&self.theme.strings),
                sha256: d.sha256.clone(),
            }),
        }
    }

    /// The CSL-JSON item of a source that a bibliography file defines.
    pub(super) fn bib_item(
        &self,
        origin: crate::resolve::Origin<crate::model::SourceDef>,
    ) -> Option<&'a citationberg::json::Item> {
        match origin {
            crate::resolve::Origin::Bibliography(i) => {
                self.site.docs.bibliography.get(i).map(|e| &e.item)
            }
            _ => None,
        }
    }

    pub(super) fn entity_counts(&self, id: EntityId<'_>) -> EntityCounts {
        let reports = self
            .site
            .entity_reports
            .get(&id)
            .map_or(&[][..], Vec::as_slice);
        let claims = self.site.entity_claims.get(&id).map_or(0, Vec::len);
        let mentions = reports.iter().map(|e| e.mentions).sum();
        EntityCounts {
            reports: reports.len(),
            claims,
            mentions,
        }
    }

    pub(super) fn entities(&self) -> Result<OutputFile, Diagnostic> {
        let url = "entities/";
        let root = root_prefix(url);
        let mut ctx = self.common(
            url,
            &root,
            self.theme.strings.text("entities.title"),
            "",
            false,
        );
        let groups: Vec<EntityGroup> = EntityType::ALL
            .iter()
            .filter_map(|&kind| {
                let mut list: Vec<(EntityId<'_>, &str)> = self
                    .site
                    .defs
                    .entities
                    .iter()
                    .filter(|(_, d)| d.def.kind == kind)
                    .map(|(id, d)| (*id, d.def.name.as_str()))
                    .collect();
                if list.is_empty() {
                    return None;
                }
                // As readers of the language sort names, ties by id.
                let collation = self.locale.collation();
                list.sort_by_cached_key(|(id, name)| (collation.key(name), *id));
                let entities: Vec<EntityEntry> = list
                    .into_iter()
                    .map(|(id, name)| {
                        let EntityCounts {
                            reports,
                            claims,
                            mentions,
                        } = self.entity_counts(id);
                        EntityEntry {
                            id,
                            name,
                            name_lang: self
                                .lang_attr(self.site.defs.entities[&id].def.texts.langs[0]),
                            url: format!("{root}entities/{id}/"),
                            reports,
                            claims,
                            mentions,
                        }
                    })
                    .collect();
                Some(EntityGroup {
                    kind: kind.as_str(),
                    label: entity_type(kind).many(&self.theme.strings),
                    entities,
                })
            })
            .collect();
        ctx.insert("groups", &groups);
        let graph_url = self
            .has_graph_page()
            .then(|| format!("{root}{}", super::graph::GRAPH_URL));
        ctx.insert("graph_url", &graph_url);
        self.page("entities.html", url, ctx)
    }

    /// The Markdown body, as HTML, of the registry file in `items` that a
    /// definition comes from; empty for one made in a report.
    ///
    /// The body is written for the item's first page, `home`; shown at
    /// `url` (a later page), its relative links are rewritten to work there.
    pub(super) fn registry_body<T>(
        &self,
        origin: crate::resolve::Origin<T>,
        items: &[crate::model::RegistryItem<T>],
        home: &str,
        url: &str,
    ) -> String {
        match origin {
            crate::resolve::Origin::Registry(i) => i.get(items).map_or_else(String::new, |x| {
                markdown_at(
                    &self.files.get(x.file).text[x.body_start..],
                    home,
                    url,
                    self.site.config.smart_punctuation,
                )
            }),
            crate::resolve::Origin::Report(_) | crate::resolve::Origin::Bibliography(_) => {
                String::new()
            }
        }
    }

    pub(super) fn entity(&self, id: EntityId<'_>, page: usize) -> Result<OutputFile, Diagnostic> {
        let def = &self.site.defs.entities[&id];
        let reports = self
            .site
            .entity_reports
            .get(&id)
            .map_or(&[][..], Vec::as_slice);
        // By date, oldest first; undated claims last.
        let claim_list = self.claim_lists.of_entity(self.site, id);
        // The entity's pages hold its reports and its claims side by side,
        // `paginate_by` of each on a page, as many pages as the longer list
        // needs: an entity in most claims would otherwise make one page
        // of megabytes.
        let (_, url, pagination) = self.paginate(
            &vec![(); reports.len().max(claim_list.len())],
            &format!("entities/{id}/"),
            page,
        );
        let items = page_of(reports, page, self.per_page());
        let root = root_prefix(&url);
        let e = def.def;
        let mut ctx = self.common(
            &url,
            &root,
            &e.name,
            e.description.as_deref().unwrap_or(""),
            false,
        );
        ctx.insert(
            "entity",
            &EntityView {
                id,
                name: &e.name,
                kind: e.kind.as_str(),
                type_label: entity_type(e.kind).one(&self.theme.strings),
                aliases: &e.aliases,
                description: e.description.as_deref().unwrap_or(""),
                name_lang: self.lang_attr(e.texts.langs[0]),
                aliases_lang: self.lang_attr(e.texts.langs[1]),
                description_lang: self.lang_attr(e.texts.langs[2]),
                body: self.registry_body(
                    def.origin,
                    &self.site.docs.entities,
                    &format!("entities/{id}/"),
                    &url,
                ),
                links: e
                    .links
                    .iter()
                    .map(|(k, v)| EntityLink {
                        title: link_label(k, v, &self.theme.strings),
                        url: v,
                    })
                    .collect(),
            },
        );
        let cards: Vec<Card> = items
            .iter()
            .map(|e| self.card(e.report, &root, Some(e.mentions)))
            .collect();
        ctx.insert("reports", &cards);
        ctx.insert("reports_total", &reports.len());
        ctx.insert("pagination", &pagination);
        // Related entities are on the entity's first page only: repeated
        // on every page of its reports, an entity named in most reports
        // made the site grow with the square of their number.
        let first = page == 1;
        let claims_here = page_of(claim_list, page, self.per_page());
        let claims: Vec<ClaimRow> = claims_here
            .iter()
            .map(|&c| self.claim_row(c, &root, None))
            .collect();
        ctx.insert(
            "timeline",
            &self.entity_timeline(id, claims_here, claim_list, &root),
        );
        ctx.insert("claims", &claims);
        ctx.insert("claims_total", &claim_list.len());
        let related: Vec<RelatedEntity> = self
            .site
            .related
            .get(&id)
            .filter(|_| first)
            .map(|list| {
                list.iter()
                    .take(24)
                    .map(|other| RelatedEntity {
                        name: &self.site.defs.entities[&other.entity].def.name,
                        name_lang: self
                            .lang_attr(self.site.defs.entities[&other.entity].def.texts.langs[0]),
                        url: format!("{root}entities/{}/", other.entity),
                        count: other.shared,
                    })
                    .collect()
            })
            .unwrap_or_default();
        ctx.insert("related", &related);
        let graph = if first {
            self.ego_graph(id, &root)
        } else {
            None
        };
        ctx.insert("graph", &graph);
        self.page("entity.html", &url, ctx)
    }

    /// The sources that have pages, by type in the order of
    /// [`SourceType::ALL`], each type's by title; types without sources
    /// are left out.
    fn sources_by_type(&self) -> Vec<(SourceType, &SourceList<'a>)> {
        SourceType::ALL
            .iter()
            .map(|&kind| (kind, self.sources_of_type(kind)))
            .filter(|(_, list)| !list.is_empty())
            .collect()
    }

    /// The sources of type `kind` that have pages, by title (sorted once,
    /// when the renderer is made).
    pub(super) fn sources_of_type(&self, kind: SourceType) -> &SourceList<'a> {
        let i = SourceType::ALL.iter().position(|&k| k == kind).unwrap_or(0);
        &self.source_lists[i]
    }

    fn source_index_entry(
        &self,
        id: SourceId<'a>,
        d: &'a crate::model::SourceDef,
        root: &str,
    ) -> SourceIndexEntry<'a> {
        SourceIndexEntry {
            id,
            title: &d.title,
            url: format!("{root}sources/{}/", source_slug(id.as_str())),
            publisher: d.publisher.as_deref().unwrap_or(""),
            title_lang: self.lang_attr(d.texts.langs[0]),
            publisher_lang: self.lang_attr(d.texts.langs[1]),
            date: machine_opt(d.date.as_deref()),
            date_display: display_opt(d.date.as_deref(), self.locale),
            author: d.author.as_deref().unwrap_or(""),
            reports: self.site.source_reports.get(&id).map_or(0, Vec::len),
            claims: self.site.source_claims.get(&id).map_or(0, Vec::len),
        }
    }

    /// The source index: each type with its count and its first
    /// `paginate_by` sources, linking to the type's paginated listing; it
    /// has the same size at any number of sources.
    pub(super) fn sources(&self) -> Result<OutputFile, Diagnostic> {
        let url = "sources/";
        let root = root_prefix(url);
        let mut ctx = self.common(
            url,
            &root,
            self.theme.strings.text("sources.title"),
            "",
            false,
        );
        let groups: Vec<SourceGroup> = self
            .sources_by_type()
            .into_iter()
            .map(|(kind, list)| SourceGroup {
                kind: kind.as_str(),
                label: source_type(kind).many(&self.theme.strings),
                count: list.len(),
                url: format!("{root}{}", source_type_url(kind)),
                sources: list
                    .iter()
                    .take(self.per_page())
                    .map(|&(id, d)| self.source_index_entry(id, d, &root))
                    .collect(),
            })
            .collect();
        ctx.insert("groups", &groups);
        self.page("sources.html", url, ctx)
    }

    /// Page `page` of the sources of type `kind`, by title.
    pub(super) fn source_type(
        &self,
        kind: SourceType,
        page: usize,
    ) -> Result<OutputFile, Diagnostic> {
        let list = self.sources_of_type(kind);
        let (items, url, pagination) = self.paginate(list, &source_type_url(kind), page);
        let root = root_prefix(&url);
        let label = source_type(kind).many(&self.theme.strings);
        let mut ctx = self.common(
            &url,
            &root,
            &self
                .theme
                .strings
                .plain("sources.type_title", &[("type", &label)]),
            "",
            false,
        );
        ctx.insert(
            "group",
            &SourceGroup {
                kind: kind.as_str(),
                label,
                count: list.len(),
                url: format!("{root}{}", source_type_url(kind)),
                sources: items
                    .iter()
                    .map(|&(id, d)| self.source_index_entry(id, d, &root))
                    .collect(),
            },
        );
        ctx.insert("pagination", &pagination);
        self.page("source_type.html", &url, ctx)
    }

    /// How many items the longer of an entity's two lists (its reports,
    /// its claims) has: its pages hold `paginate_by` of each.
    pub(super) fn entity_list_len(&self, id: EntityId<'_>) -> usize {
        let reports = self.site.entity_reports.get(&id).map_or(0, Vec::len);
        let claims = self.site.entity_claims.get(&id).map_or(0, Vec::len);
        reports.max(claims)
    }

    /// How many items the longer of a source's two lists (the reports that
    /// cite or list it, the claims it backs) has: its pages hold
    /// `paginate_by` of each.
    pub(super) fn source_list_len(&self, id: SourceId<'_>) -> usize {
        let reports = self.site.source_reports.get(&id).map_or(0, Vec::len);
        let claims = self.site.source_claims.get(&id).map_or(0, Vec::len);
        reports.max(claims)
    }

    /// Page `page` of a source: its details, and `paginate_by` of the
    /// reports that cite it and of the claims it backs. The first page
    /// also has its BibTeX and CSL-JSON files beside it.
    pub(super) fn source(
        &self,
        id: SourceId<'_>,
        page: usize,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let home = format!("sources/{}/", source_slug(id.as_str()));
        let reports = self
            .site
            .source_reports
            .get(&id)
            .map_or(&[][..], Vec::as_slice);
        let claim_list = self
            .site
            .source_claims
            .get(&id)
            .map_or(&[][..], Vec::as_slice);
        let (_, url, pagination) = self.paginate(&vec![(); self.source_list_len(id)], &home, page);
        let root = root_prefix(&url);
        let def = &self.site.defs.sources[&id];
        let mut ctx = self.common(&url, &root, &def.def.title, "", false);
        let mut entry = self.source_entry(id, &root);
        entry.body = self.registry_body(def.origin, &self.site.docs.sources, &home, &url);
        // "Cite this" and its downloads are on the first page only; later
        // pages continue its lists.
        let files = if page == 1 {
            let cite = self.source_cite(id);
            let files = cite.files(&home);
            entry.cite = Some(cite);
            files.into()
        } else {
            Vec::new()
        };
        ctx.insert("source", &entry);
        let per = self.per_page();
        let cards: Vec<Card> = page_of(reports, page, per)
            .iter()
            .map(|&i| self.card(i, &root, None))
            .collect();
        ctx.insert("reports", &cards);
        ctx.insert("reports_total", &reports.len());
        let claims: Vec<ClaimRow> = page_of(claim_list, page, per)
            .iter()
            .map(|&c| self.claim_row(c, &root, None))
            .collect();
        ctx.insert("claims", &claims);
        ctx.insert("claims_total", &claim_list.len());
        ctx.insert("pagination", &pagination);
        let mut out = vec![self.page("source.html", &url, ctx)?];
        out.extend(files);
        Ok(out)
    }
}

/// The items of `list` on page `page` (from 1), `per` to a page.
fn page_of<T>(list: &[T], page: usize, per: usize) -> &[T] {
    let start = page.saturating_sub(1).saturating_mul(per).min(list.len());
    &list[start..start.saturating_add(per).min(list.len())]
}

/// The sources of type `kind` that have pages, sorted by title in the
/// site's language (ties by id): what the source index and its listings
/// of one type show.
pub(super) fn sorted_sources<'a>(
    site: &crate::resolve::Site<'a>,
    locale: &crate::i18n::Locale,
    kind: SourceType,
) -> SourceList<'a> {
    let mut list: SourceList<'a> = site
        .defs
        .sources
        .iter()
        .filter(|(id, d)| d.def.kind == kind && site.has_source_page(id.as_str()))
        .map(|(id, d)| (*id, d.def))
        .collect();
    let collation = locale.collation();
    list.sort_by_cached_key(|(id, d)| (collation.key(&d.title), *id));
    list
}
