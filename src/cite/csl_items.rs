//! Every source as a CSL-JSON item, the form a CSL processor renders and
//! that "cite this" offers: a bibliography entry as its file gives it, a
//! source defined in front matter or a registry converted from its fields.

use std::borrow::Cow;

use citationberg::json::Item;
use serde_json::{Map, Value, json};

use crate::model::{SourceDef, SourceType};
use crate::resolve::{Documents, Origin};

/// The CSL-JSON item of source `id`, defined by `def` at `origin`: a
/// bibliography entry's own item, else [`csl_item`] of its fields.
pub fn item_of<'d>(
    docs: &'d Documents,
    id: &str,
    def: &SourceDef,
    origin: Origin<SourceDef>,
) -> Cow<'d, Item> {
    match origin {
        Origin::Bibliography(i) if docs.bibliography.get(i).is_some_and(|e| e.id == id) => {
            Cow::Borrowed(&docs.bibliography[i].item)
        }
        _ => Cow::Owned(csl_item(id, def)),
    }
}

/// A source defined in front matter or a registry as a CSL-JSON item:
/// title, the author as one literal name (a source's `author` is free
/// text: a person, several, or an organisation), publisher (a news
/// article's as its container title), `date` as `issued`, URL, `accessed`,
/// and the type as the nearest CSL type.
pub fn csl_item(id: &str, def: &SourceDef) -> Item {
    let mut map = Map::new();
    map.insert("id".into(), json!(id));
    map.insert("type".into(), json!(csl_type(def.kind)));
    map.insert("title".into(), json!(def.title));
    if let Some(author) = def.author.as_deref().filter(|a| !a.trim().is_empty()) {
        map.insert("author".into(), json!([{ "literal": author }]));
    }
    if let Some(publisher) = &def.publisher {
        // A news article's publisher is the outlet: CSL's container title,
        // which styles show in italics after the article's title.
        let var = match def.kind {
            SourceType::Article => "container-title",
            _ => "publisher",
        };
        map.insert(var.into(), json!(publisher));
    }
    if let Some(url) = &def.url {
        map.insert("URL".into(), json!(url));
    }
    for (var, value) in [("issued", &def.date), ("accessed", &def.accessed)] {
        if let Some(parts) = value.as_deref().and_then(date_parts) {
            map.insert(var.into(), json!({ "date-parts": [parts] }));
        }
    }
    // Every value above is one CSL-JSON reads, so this does not fail; an
    // item with only its id is still one to cite if it did.
    serde_json::from_value(Value::Object(map)).unwrap_or_else(|_| Item(Default::default()))
}

/// The CSL item type nearest to a source type.
pub fn csl_type(kind: SourceType) -> &'static str {
    match kind {
        SourceType::Article => "article-newspaper",
        SourceType::Report => "report",
        SourceType::OfficialStatement => "document",
        SourceType::Speech => "speech",
        SourceType::SocialMedia => "post",
        SourceType::Interview => "interview",
        SourceType::Dataset => "dataset",
        SourceType::CourtRecord => "legal_case",
        SourceType::Book => "book",
        SourceType::Other => "document",
    }
}

/// `2024-05-02`, `2024-05`, `2024` or an RFC 3339 time as date parts.
fn date_parts(text: &str) -> Option<Vec<i64>> {
    let day = text.split(['T', ' ']).next()?;
    let parts: Vec<i64> = day
        .split('-')
        .take(3)
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    (!parts.is_empty()).then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(yaml: &str) -> SourceDef {
        let whole = crate::frontmatter::Yaml {
            file: 0,
            start: 0,
            end: yaml.len(),
        };
        crate::frontmatter::parse(whole, yaml).unwrap()
    }

    #[test]
    fn a_front_matter_source_becomes_an_item() {
        let item = csl_item(
            "mfa",
            &def(
                "title: Communiqué\nauthor: Ministry of Foreign Affairs\npublisher: MFA\ndate: 2024-05-02\nurl: https://example.org/c\naccessed: 2024-05-03\ntype: official-statement\n",
            ),
        );
        let json = serde_json::to_value(&item).unwrap();
        assert_eq!(json["id"], "mfa");
        assert_eq!(json["type"], "document");
        assert_eq!(json["title"], "Communiqué");
        assert_eq!(json["author"][0]["literal"], "Ministry of Foreign Affairs");
        assert_eq!(json["publisher"], "MFA");
        assert_eq!(json["URL"], "https://example.org/c");
        // citationberg 0.7 writes a date's parts without their
        // `date-parts` key; the value read is a date all the same.
        for (var, want) in [
            ("issued", json!([2024, 5, 2])),
            ("accessed", json!([2024, 5, 3])),
        ] {
            assert!(
                matches!(item.0.get(var), Some(citationberg::json::Value::Date(_))),
                "{var}"
            );
            assert_eq!(json[var][0], want);
        }
    }

    #[test]
    fn an_articles_publisher_is_its_container() {
        let item = csl_item(
            "g",
            &def("title: Ties cut
publisher: The Guardian
type: article
"),
        );
        let json = serde_json::to_value(&item).unwrap();
        assert_eq!(json["type"], "article-newspaper");
        assert_eq!(json["container-title"], "The Guardian");
        assert!(json.get("publisher").is_none());
    }

    #[test]
    fn partial_dates_and_times() {
        assert_eq!(date_parts("2024"), Some(vec![2024]));
        assert_eq!(date_parts("2024-05"), Some(vec![2024, 5]));
        assert_eq!(date_parts("2024-05-02T10:00:00Z"), Some(vec![2024, 5, 2]));
        assert_eq!(date_parts("May 2024"), None);
    }
}
