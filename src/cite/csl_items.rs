//! Every source as a CSL-JSON item, the form a CSL processor renders and
//! that "cite this" offers: a bibliography entry as its file gives it, a
//! source defined in front matter or a registry converted from its fields.

use std::borrow::Cow;

use citationberg::json::Item;

pub use crate::bibliography::export::front_matter_item;
use crate::model::SourceDef;
use crate::resolve::{Documents, Origin};

/// The CSL-JSON item of source `id`, defined by `def` at `origin`: a
/// bibliography entry's own item, else its fields converted by
/// [`front_matter_item`].
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
        _ => Cow::Owned(front_matter_item(id, def)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
        let item = front_matter_item(
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
        let item = front_matter_item(
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
        for (date, want) in [
            ("2024", json!([2024])),
            ("2024-05", json!([2024, 5])),
            ("2024-05-02T23:30:00-05:00", json!([2024, 5, 2])),
        ] {
            let item = front_matter_item("d", &def(&format!("title: T\ndate: \"{date}\"\n")));
            let json = serde_json::to_value(&item).unwrap();
            assert_eq!(json["issued"][0], want, "{date}");
        }
        let item = front_matter_item("d", &def("title: T\ndate: May 2024\n"));
        assert!(!item.0.contains_key("issued"));
    }
}
