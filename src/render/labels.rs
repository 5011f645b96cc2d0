//! Labels that pages show for kinds of things: entity and source types,
//! and the sites that entity links point to. Words come from the theme's
//! strings in the site's language; site names are proper names.

use crate::i18n::Catalogue;
use crate::model::{EntityType, SourceType};

/// How pages name an entity type: keys of the theme's strings (in the
/// site's language), and the schema.org type.
pub(super) struct EntityTypeLabels {
    /// One of the type: an entity page's kicker, a report's entity list.
    one: &'static str,
    /// A heading for several: the groups of the entity index.
    many: &'static str,
    /// The schema.org type of such an entity in JSON-LD.
    pub(super) schema: &'static str,
}

impl EntityTypeLabels {
    /// The name of one of the type, in the site's language.
    pub(super) fn one(&self, strings: &Catalogue) -> String {
        strings.text(self.one).to_string()
    }

    /// The name of several of the type, in the site's language.
    pub(super) fn many(&self, strings: &Catalogue) -> String {
        strings.text(self.many).to_string()
    }
}

/// Every label of an entity type, in one table: a new type gets all of
/// them here, or the match is not exhaustive.
pub(super) fn entity_type(kind: EntityType) -> EntityTypeLabels {
    let (one, many, schema) = match kind {
        EntityType::Person => (
            "entity_type.person.singular",
            "entity_type.person.plural",
            "Person",
        ),
        EntityType::Organization => (
            "entity_type.organization.singular",
            "entity_type.organization.plural",
            "Organization",
        ),
        EntityType::Country => (
            "entity_type.country.singular",
            "entity_type.country.plural",
            "Country",
        ),
        EntityType::Place => (
            "entity_type.place.singular",
            "entity_type.place.plural",
            "Place",
        ),
        EntityType::Event => (
            "entity_type.event.singular",
            "entity_type.event.plural",
            "Event",
        ),
        EntityType::Other => (
            "entity_type.other.singular",
            "entity_type.other.plural",
            "Thing",
        ),
    };
    EntityTypeLabels { one, many, schema }
}

/// How pages name a source type: keys of the theme's strings.
pub(super) struct SourceTypeLabels {
    /// One of the type: beside a source in a report's list, on its page.
    one: &'static str,
    /// A heading for several: the groups of the source index.
    many: &'static str,
}

impl SourceTypeLabels {
    /// The name of one of the type, in the site's language.
    pub(super) fn one(&self, strings: &Catalogue) -> String {
        strings.text(self.one).to_string()
    }

    /// The name of several of the type, in the site's language.
    pub(super) fn many(&self, strings: &Catalogue) -> String {
        strings.text(self.many).to_string()
    }
}

/// Every label of a source type, in one table.
pub(super) fn source_type(kind: SourceType) -> SourceTypeLabels {
    let (one, many) = match kind {
        SourceType::Article => ("source_type.article.singular", "source_type.article.plural"),
        SourceType::Report => ("source_type.report.singular", "source_type.report.plural"),
        SourceType::OfficialStatement => (
            "source_type.official_statement.singular",
            "source_type.official_statement.plural",
        ),
        SourceType::Speech => ("source_type.speech.singular", "source_type.speech.plural"),
        SourceType::SocialMedia => (
            "source_type.social_media.singular",
            "source_type.social_media.plural",
        ),
        SourceType::Interview => (
            "source_type.interview.singular",
            "source_type.interview.plural",
        ),
        SourceType::Dataset => ("source_type.dataset.singular", "source_type.dataset.plural"),
        SourceType::CourtRecord => (
            "source_type.court_record.singular",
            "source_type.court_record.plural",
        ),
        SourceType::Book => ("source_type.book.singular", "source_type.book.plural"),
        SourceType::Other => ("source_type.other.singular", "source_type.other.plural"),
    };
    SourceTypeLabels { one, many }
}

/// Sites that entity `links:` point to, by the key an author would write
/// (lower-case, without spaces, `-` or `_`) and by host, with the names the
/// sites give themselves.
const KNOWN_SITES: &[(&[&str], &[&str], &str)] = &[
    (&["wikidata"], &["wikidata.org"], "Wikidata"),
    (&["wikipedia", "wiki"], &["wikipedia.org"], "Wikipedia"),
    (
        &["commons", "wikimediacommons"],
        &["commons.wikimedia.org"],
        "Wikimedia Commons",
    ),
    (&["opensanctions"], &["opensanctions.org"], "OpenSanctions"),
    (
        &["opencorporates"],
        &["opencorporates.com"],
        "OpenCorporates",
    ),
    (&["littlesis"], &["littlesis.org"], "LittleSis"),
    (&["opensecrets"], &["opensecrets.org"], "OpenSecrets"),
    (
        &["offshoreleaks", "icij"],
        &["offshoreleaks.icij.org"],
        "ICIJ Offshore Leaks",
    ),
    (&["orcid"], &["orcid.org"], "ORCID"),
    (&["ror"], &["ror.org"], "ROR"),
    (&["viaf"], &["viaf.org"], "VIAF"),
    (&["isni"], &["isni.org"], "ISNI"),
    (&["lei", "gleif"], &["gleif.org"], "LEI"),
    (&["github"], &["github.com"], "GitHub"),
    (&["gitlab"], &["gitlab.com"], "GitLab"),
    (&["twitter", "x"], &["twitter.com", "x.com"], "X (Twitter)"),
    (&["facebook", "fb"], &["facebook.com"], "Facebook"),
    (&["linkedin"], &["linkedin.com"], "LinkedIn"),
    (&["instagram"], &["instagram.com"], "Instagram"),
    (&["youtube"], &["youtube.com", "youtu.be"], "YouTube"),
    (&["tiktok"], &["tiktok.com"], "TikTok"),
    (&["bluesky", "bsky"], &["bsky.app"], "Bluesky"),
    (&["mastodon"], &[], "Mastodon"),
    (&["threads"], &["threads.net"], "Threads"),
    (&["telegram"], &["t.me"], "Telegram"),
    (&["imdb"], &["imdb.com"], "IMDb"),
    (&["crunchbase"], &["crunchbase.com"], "Crunchbase"),
    (
        &[
            "website",
            "web",
            "site",
            "homepage",
            "home",
            "official",
            "officialwebsite",
            "officialsite",
            "url",
        ],
        &[],
        OFFICIAL_WEBSITE,
    ),
];

/// The one entry of [`KNOWN_SITES`] that is not a proper name: it is
/// shown as `link.official_website` in the site's language.
const OFFICIAL_WEBSITE: &str = "Official website";

/// The text of an entity's link: the proper name of a known site (by key,
/// `wikidata` → Wikidata), else the key as written when the author wrote
/// a label (capitals, spaces: `Court records`), else the name of a known
/// site by the URL's host, else the host (`www.example.org` → `example.org`).
pub(super) fn link_label(key: &str, url: &str, strings: &Catalogue) -> String {
    let folded: String = key
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.'))
        .flat_map(char::to_lowercase)
        .collect();
    if let Some((_, _, name)) = KNOWN_SITES
        .iter()
        .find(|(keys, _, _)| keys.contains(&folded.as_str()))
    {
        if *name == OFFICIAL_WEBSITE {
            return strings.text("link.official_website").to_string();
        }
        return (*name).to_string();
    }
    let is_label = key.chars().any(|c| c.is_uppercase() || c.is_whitespace());
    let host = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split(['/', '?', '#'])
        .next()
        .unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host).to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    if is_label || host.is_empty() {
        return key.to_string();
    }
    let on = |site: &str| host == site || host.ends_with(&format!(".{site}"));
    match KNOWN_SITES
        .iter()
        .find(|(_, hosts, _)| hosts.iter().any(|h| on(h)))
    {
        Some((_, _, name)) => (*name).to_string(),
        None => host.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names_are_the_catalogue_s() {
        let en = Catalogue::built_in("en");
        assert_eq!(entity_type(EntityType::Person).many(&en), "People");
        assert_eq!(
            source_type(SourceType::SocialMedia).one(&en),
            "Social media"
        );
        let es = Catalogue::built_in("es");
        assert_eq!(entity_type(EntityType::Country).many(&es), "Países");
        assert_eq!(
            source_type(SourceType::CourtRecord).one(&es),
            "Documento judicial"
        );
    }

    #[test]
    fn entity_links_are_named_after_their_sites() {
        let en = Catalogue::built_in("en");
        let label = |k, u| link_label(k, u, &en);
        assert_eq!(
            label("wikidata", "https://www.wikidata.org/wiki/Q1"),
            "Wikidata"
        );
        assert_eq!(label("Open-Sanctions", "https://x.org/"), "OpenSanctions");
        assert_eq!(label("open_corporates", "https://x.org/"), "OpenCorporates");
        assert_eq!(label("twitter", "https://x.com/a"), "X (Twitter)");
        assert_eq!(
            label("website", "https://acme.example/"),
            "Official website"
        );
        let es = Catalogue::built_in("es");
        assert_eq!(
            link_label("website", "https://acme.example/", &es),
            "Sitio web oficial"
        );
        // An unknown key: a label as written, or the site by its host.
        assert_eq!(
            label("Court records", "https://courts.example/1"),
            "Court records"
        );
        assert_eq!(label("SEC", "https://sec.gov/x"), "SEC");
        assert_eq!(
            label("registry", "https://www.example.org/a?b"),
            "example.org"
        );
        assert_eq!(
            label("profile", "https://en.wikipedia.org/wiki/A"),
            "Wikipedia"
        );
        assert_eq!(
            label("bio", "https://user@Sub.Example.org:8080/x"),
            "sub.example.org"
        );
    }
}
