//! What files that failed to parse would have defined, read as far as
//! their YAML still reads, so that uses of it are not reported as well.

use std::collections::BTreeSet;

use crate::frontmatter::{self, Value};

use super::{FileKind, is_id};

/// The keys of the mapping under the top-level `field:` of YAML that does
/// not parse, read line by line (a best guess, used only to keep quiet
/// about ids that a broken file probably defines). With `defined_only`,
/// only keys with a value on their line or on the lines below.
fn keys_by_lines(yaml: &str, field: &str, defined_only: bool) -> Vec<String> {
    let indent = |line: &str| line.len() - line.trim_start().len();
    let lines: Vec<&str> = yaml
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .collect();
    let Some(start) = lines.iter().position(|l| {
        indent(l) == 0 && l.split(" #").next().unwrap_or("").trim_end() == format!("{field}:")
    }) else {
        return Vec::new();
    };
    let block: Vec<&str> = lines[start + 1..]
        .iter()
        .copied()
        .take_while(|l| indent(l) > 0)
        .collect();
    let Some(child) = block.first().map(|l| indent(l)) else {
        return Vec::new();
    };
    let mut keys = Vec::new();
    for (i, line) in block.iter().enumerate() {
        if indent(line) != child {
            continue;
        }
        let Some((key, rest)) = line.trim().split_once(':') else {
            continue;
        };
        let has_value = !rest.split(" #").next().unwrap_or("").trim().is_empty()
            || block.get(i + 1).is_some_and(|next| indent(next) > child);
        if is_id(key.trim()) && (has_value || !defined_only) {
            keys.push(key.trim().to_string());
        }
    }
    keys
}

/// What the site would define in files that failed to parse: known to
/// exist, but unavailable. Uses of them are not reported as unknown ids or
/// dangling links, since the one error to fix is the broken file's own.
#[derive(Debug, Default, Clone, PartialEq, Eq, Hash)]
pub struct Unavailable {
    pub entities: BTreeSet<String>,
    pub sources: BTreeSet<String>,
    pub claims: BTreeSet<String>,
    /// Page URLs as links reach them: `2024/a/`, `entities/x/`, `2024/`.
    pub pages: BTreeSet<String>,
    /// The words of broken reports (runs of id characters, lower case):
    /// an entity or source they may cite or mention is not reported as
    /// unused.
    pub words: BTreeSet<String>,
}

impl Unavailable {
    /// Records what the content file at `rel` (a path under `content/`)
    /// would have given, had it parsed: its page, and for a report the
    /// claims, entities and sources its front matter defines, as far as
    /// the YAML still reads as a mapping.
    pub fn add_file(&mut self, rel: &str, text: &str) {
        let path = rel.trim_end_matches(".md");
        let (section, stem) = match path.rsplit_once('/') {
            Some((section, stem)) => (section, stem),
            None => ("", path),
        };
        let page = |slug: &str| {
            if section.is_empty() {
                format!("{slug}/")
            } else {
                format!("{section}/{slug}/")
            }
        };
        let split = frontmatter::split(0, text).ok();
        let yaml_text = split.map_or("", |s| s.yaml.text(text));
        let front = split.and_then(|split| frontmatter::value(split.yaml, text));
        let field = |name: &str| front.as_ref().and_then(|v| v.get(name));
        match FileKind::of(rel) {
            FileKind::Section => {
                self.pages.insert(if section.is_empty() {
                    String::new()
                } else {
                    format!("{section}/")
                });
            }
            FileKind::Entity => {
                self.entities.insert(stem.to_string());
                self.pages.insert(format!("entities/{stem}/"));
            }
            FileKind::Source => {
                self.sources.insert(stem.to_string());
                self.pages.insert(format!("sources/{stem}/"));
            }
            FileKind::Report => {
                // A draft left out is absent, not broken: links to it
                // are worth their warning.
                if field("draft").and_then(Value::as_bool) == Some(true) {
                    return;
                }
                self.pages.insert(page(stem));
                if let Some(slug) = field("slug").and_then(Value::as_str) {
                    self.pages.insert(page(slug));
                }
                self.words.extend(
                    text.to_lowercase()
                        .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
                        .filter(|w| !w.is_empty())
                        .map(str::to_string),
                );
                let keys = |name: &str, defined_only: bool| -> Vec<String> {
                    if front.is_none() {
                        // Not even valid YAML: read the keys off the lines.
                        return keys_by_lines(yaml_text, name, defined_only);
                    }
                    field(name)
                        .and_then(Value::as_mapping)
                        .into_iter()
                        .flatten()
                        .filter(|(_, v)| !defined_only || !v.is_null())
                        .filter_map(|(k, _)| k.as_str().map(str::to_string))
                        .collect()
                };
                self.claims.extend(keys("claims", false));
                for id in keys("entities", true) {
                    self.pages.insert(format!("entities/{id}/"));
                    self.entities.insert(id);
                }
                for id in keys("sources", true) {
                    self.pages.insert(format!("sources/{id}/"));
                    self.sources.insert(id);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_report_still_names_what_it_defines() {
        let mut u = Unavailable::default();
        // Valid YAML that does not deserialise: read as a tree.
        u.add_file(
            "2024/a.md",
            "---\ntitle: A\ndraft: maybe\nslug: alpha\nclaims:\n  c1: {text: T}\nentities:\n  x: {name: X}\n  y:\n---\n",
        );
        // Not YAML at all (a tab): read off the lines.
        u.add_file(
            "b.md",
            "---\ntitle: B\nclaims:\n  c2:\n\ttext: T\nsources:\n  s1: {title: S}\n  s2:\n---\n",
        );
        u.add_file("entities/e.md", "---\nname: [E]\n---\n");
        u.add_file("notes/_index.md", "---\ntitle: [N]\n---\n");
        let set = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
        assert_eq!(u.claims, set(&["c1", "c2"]));
        assert_eq!(u.entities, set(&["e", "x"]));
        assert_eq!(u.sources, set(&["s1"]));
        assert_eq!(
            u.pages,
            set(&[
                "2024/a/",
                "2024/alpha/",
                "b/",
                "entities/e/",
                "entities/x/",
                "notes/",
                "sources/s1/"
            ])
        );
        // A draft left out is absent, not broken.
        let mut d = Unavailable::default();
        d.add_file("c.md", "---\ntitle: C\ndraft: true\ndate: never\n---\n");
        assert!(d.pages.is_empty());
    }
}
