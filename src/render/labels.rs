//! Labels that pages show for kinds of things: entity and source types,
//! and the sites that entity links point to.

use crate::model::{EntityType, SourceType};

/// How pages name an entity type.
pub(super) struct EntityTypeLabels {
    /// One of the type: an entity page's kicker, a report's entity list.
    pub(super) one: &'static str,
    /// A heading for several: the groups of the entity index.
    pub(super) many: &'static str,
    /// The schema.org type of such an entity in JSON-LD.
    pub(super) schema: &'static str,
}

/// Every label of an entity type, in one table: a new type gets all of
/// them here, or the match is not exhaustive.
pub(super) fn entity_type(kind: EntityType) -> EntityTypeLabels {
    let (one, many, schema) = match kind {
        EntityType::Person => ("Person", "People", "Person"),
        EntityType::Organization => ("Organization", "Organizations", "Organization"),
        EntityType::Country => ("Country", "Countries", "Country"),
        EntityType::Place => ("Place", "Places", "Place"),
        EntityType::Event => ("Event", "Events", "Event"),
        EntityType::Other => ("Other", "Other", "Thing"),
    };
    EntityTypeLabels { one, many, schema }
}

/// How pages name a source type.
pub(super) struct SourceTypeLabels {
    /// One of the type: beside a source in a report's list, on its page.
    pub(super) one: &'static str,
    /// A heading for several: the groups of the source index.
    pub(super) many: &'static str,
}

/// Every label of a source type, in one table.
pub(super) fn source_type(kind: SourceType) -> SourceTypeLabels {
    let (one, many) = match kind {
        SourceType::Article => ("Article", "Articles"),
        SourceType::Report => ("Report", "Reports"),
        SourceType::OfficialStatement => ("Official statement", "Official statements"),
        SourceType::Speech => ("Speech", "Speeches"),
        SourceType::SocialMedia => ("Social media", "Social media"),
        SourceType::Interview => ("Interview", "Interviews"),
        SourceType::Dataset => ("Dataset", "Datasets"),
        SourceType::CourtRecord => ("Court record", "Court records"),
        SourceType::Book => ("Book", "Books"),
        SourceType::Other => ("Other", "Other"),
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
        "Official website",
    ),
];

/// The text of an entity's link: the proper name of a known site (by key,
/// `wikidata` → Wikidata), else the key as written when the author wrote
/// a label (capitals, spaces: `Court records`), else the name of a known
/// site by the URL's host, else the host (`www.example.org` → `example.org`).
pub(super) fn link_label(key: &str, url: &str) -> String {
    let folded: String = key
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.'))
        .flat_map(char::to_lowercase)
        .collect();
    if let Some((_, _, name)) = KNOWN_SITES
        .iter()
        .find(|(keys, _, _)| keys.contains(&folded.as_str()))
    {
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
    fn entity_links_are_named_after_their_sites() {
        let label = |k, u| link_label(k, u);
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
