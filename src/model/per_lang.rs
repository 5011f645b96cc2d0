//! Text fields given per language inline (SPEC §9): an entity's `name`,
//! `aliases` and `description`, a source's `title`, `publisher` and
//! `quote` may be a plain value or a map from language tag to value
//! (`name: {en: Ivory Coast, fr: Côte d'Ivoire}`), in registry files and in
//! report front matter.
//!
//! A definition keeps the value its language's run shows in the field
//! itself (`EntityDef::name`), so that the rest of the program reads a
//! plain value; the maps as written stay beside it ([`Texts::given`]), and
//! [`Texts::langs`] says which language each shown value is in, so that a
//! page can mark text that fell back to another language (`lang="en"` on
//! a Spanish page). [`localize_document`] chooses the values for the
//! default language when a file is read; `resolve::split_languages`
//! chooses again for each other language.

use indexmap::IndexMap;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserialize, Deserializer, Visitor};

use crate::diag::{Code, Diagnostic, suggest};
use crate::frontmatter::{Seg, locate};

use super::{Document, EntityDef, Lang, SourceDef};

/// A value as written: one for every language, or one per language tag.
#[derive(Debug, Clone, PartialEq)]
pub enum PerLang<T> {
    One(T),
    Many(IndexMap<String, T>),
}

impl<T: Default> Default for PerLang<T> {
    fn default() -> Self {
        PerLang::One(T::default())
    }
}

impl<T> PerLang<T> {
    /// The value and, for a map, the map: the value is the first one
    /// given, until [`localize_document`] chooses.
    pub(crate) fn split(self) -> (T, Option<IndexMap<String, T>>)
    where
        T: Clone + Default,
    {
        match self {
            PerLang::One(v) => (v, None),
            PerLang::Many(map) => (map.values().next().cloned().unwrap_or_default(), Some(map)),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for PerLang<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = PerLang<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a value, or a mapping from language to value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                let plain = de::value::StrDeserializer::<E>::new(v);
                match T::deserialize(plain) {
                    Ok(v) => Ok(PerLang::One(v)),
                    // An empty plain value (`aliases:`) is an empty list.
                    Err(_) if v.is_empty() => {
                        let none =
                            de::value::SeqDeserializer::<_, E>::new(std::iter::empty::<String>());
                        T::deserialize(none).map(PerLang::One)
                    }
                    Err(e) => Err(e),
                }
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                T::deserialize(SeqAccessDeserializer::new(seq)).map(PerLang::One)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                IndexMap::<String, T>::deserialize(MapAccessDeserializer::new(map))
                    .map(PerLang::Many)
            }
        }
        // The front-matter deserializer gives a scalar as its text here,
        // and a list or a mapping as such.
        d.deserialize_str(V(std::marker::PhantomData))
    }
}

/// The text fields of a definition given per language, and the language
/// of each value shown. `G` holds the maps of one kind of definition
/// ([`EntityTexts`], [`SourceTexts`]).
#[derive(Debug, Clone, Default)]
pub struct Texts<G> {
    /// The fields written as maps, as written; `None` when none was.
    pub given: Option<Box<G>>,
    /// The language of each of the three text fields' values (entity:
    /// `name`, `aliases`, `description`; source: `title`, `publisher`,
    /// `quote`): the file's, or the one chosen from a map; `None` where it
    /// is not known (a bibliography entry).
    pub langs: [Option<Lang>; 3],
}

/// An entity's text fields written as maps.
#[derive(Debug, Clone, Default)]
pub struct EntityTexts {
    pub name: Option<IndexMap<String, String>>,
    pub aliases: Option<IndexMap<String, Vec<String>>>,
    pub description: Option<IndexMap<String, String>>,
}

/// A source's text fields written as maps.
#[derive(Debug, Clone, Default)]
pub struct SourceTexts {
    pub title: Option<IndexMap<String, String>>,
    pub publisher: Option<IndexMap<String, String>>,
    pub quote: Option<IndexMap<String, String>>,
}

/// The entry of `map` that the run of language `run` shows: its own, else
/// the default language's, else the first written; with its language
/// (`None` for a key that is not one of `languages`, which
/// [`check_keys`] reports).
fn choose<'m, T>(
    map: &'m IndexMap<String, T>,
    run: Lang,
    languages: &[String],
) -> Option<(&'m T, Lang)> {
    let lang_of = |key: &str| {
        languages
            .iter()
            .position(|l| l.eq_ignore_ascii_case(key))
            .map(Lang)
    };
    let find = |want: Lang| map.iter().find(|(k, _)| lang_of(k) == Some(want));
    let (key, value) = find(run)
        .or_else(|| find(Lang::DEFAULT))
        .or_else(|| map.iter().next())?;
    Some((value, lang_of(key).unwrap_or(run)))
}

/// Sets `value` (and its language) from `map` when the field was written
/// as one, or gives it the file's language.
fn pick<T: Clone>(
    value: &mut T,
    lang: &mut Option<Lang>,
    map: Option<&IndexMap<String, T>>,
    file: Lang,
    run: Lang,
    languages: &[String],
) {
    match map.and_then(|m| choose(m, run, languages)) {
        Some((v, l)) => {
            *value = v.clone();
            *lang = Some(l);
        }
        None => *lang = Some(file),
    }
}

impl EntityDef {
    /// Shows the text of the language `run` (written in a file of the
    /// language `file`).
    pub fn localize(&mut self, file: Lang, run: Lang, languages: &[String]) {
        let Some(given) = self.texts.given.clone() else {
            self.texts.langs = [Some(file); 3];
            return;
        };
        let [name, aliases, description] = &mut self.texts.langs;
        pick(
            &mut self.name,
            name,
            given.name.as_ref(),
            file,
            run,
            languages,
        );
        pick(
            &mut self.aliases,
            aliases,
            given.aliases.as_ref(),
            file,
            run,
            languages,
        );
        let mut d = self.description.clone().unwrap_or_default();
        pick(
            &mut d,
            description,
            given.description.as_ref(),
            file,
            run,
            languages,
        );
        if given.description.is_some() {
            self.description = Some(d);
        }
    }
}

impl SourceDef {
    /// Shows the text of the language `run` (written in a file of the
    /// language `file`).
    pub fn localize(&mut self, file: Lang, run: Lang, languages: &[String]) {
        let Some(given) = self.texts.given.clone() else {
            self.texts.langs = [Some(file); 3];
            return;
        };
        let [title, publisher, quote] = &mut self.texts.langs;
        pick(
            &mut self.title,
            title,
            given.title.as_ref(),
            file,
            run,
            languages,
        );
        for (value, lang, map) in [
            (&mut self.publisher, publisher, given.publisher.as_ref()),
            (&mut self.quote, quote, given.quote.as_ref()),
        ] {
            let mut v = value.clone().unwrap_or_default();
            pick(&mut v, lang, map, file, run, languages);
            if map.is_some() {
                *value = Some(v);
            }
        }
    }
}

/// Chooses the default language's text in every definition of `doc`, a
/// file written in `file`, and returns an E015 for each key of a map that
/// is not one of `languages`.
pub fn localize_document(
    doc: &mut Document,
    file: Lang,
    languages: &[String],
    text: &str,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let run = Lang::DEFAULT;
    match doc {
        Document::Report(r) => {
            for (id, def) in r.meta.entities.iter_mut() {
                if let Some(def) = def {
                    def.localize(file, run, languages);
                    let at = [Seg::Key("entities"), Seg::Key(id)];
                    check_entity(def, &at, languages, &mut |p, d| {
                        diags.push(d.at(locate(r.yaml, text, p, true)))
                    });
                }
            }
            for (id, def) in r.meta.sources.iter_mut() {
                if let Some(def) = def {
                    def.localize(file, run, languages);
                    let at = [Seg::Key("sources"), Seg::Key(id)];
                    check_source(def, &at, languages, &mut |p, d| {
                        diags.push(d.at(locate(r.yaml, text, p, true)))
                    });
                }
            }
        }
        Document::Entity(e) => {
            e.def.localize(file, run, languages);
            check_entity(&e.def, &[], languages, &mut |p, d| {
                diags.push(d.at(locate(e.yaml, text, p, true)))
            });
        }
        Document::Source(s) => {
            s.def.localize(file, run, languages);
            check_source(&s.def, &[], languages, &mut |p, d| {
                diags.push(d.at(locate(s.yaml, text, p, true)))
            });
        }
        Document::Section(_) => {}
    }
    diags
}

/// Where a problem found at a path of the front matter goes.
type Push<'f> = dyn FnMut(&[Seg<'_>], Diagnostic) + 'f;

fn check_entity(def: &EntityDef, at: &[Seg<'_>], languages: &[String], report: &mut Push<'_>) {
    let Some(given) = &def.texts.given else {
        return;
    };
    check_keys(at, "name", given.name.as_ref(), languages, report);
    check_keys(at, "aliases", given.aliases.as_ref(), languages, report);
    check_keys(
        at,
        "description",
        given.description.as_ref(),
        languages,
        report,
    );
}

fn check_source(def: &SourceDef, at: &[Seg<'_>], languages: &[String], report: &mut Push<'_>) {
    let Some(given) = &def.texts.given else {
        return;
    };
    check_keys(at, "title", given.title.as_ref(), languages, report);
    check_keys(at, "publisher", given.publisher.as_ref(), languages, report);
    check_keys(at, "quote", given.quote.as_ref(), languages, report);
}

/// E015 at each key of `map` (the field `field` under `at`) that is not
/// one of the site's `languages`.
fn check_keys<T>(
    at: &[Seg<'_>],
    field: &str,
    map: Option<&IndexMap<String, T>>,
    languages: &[String],
    report: &mut Push<'_>,
) {
    for key in map.into_iter().flat_map(IndexMap::keys) {
        if languages.iter().any(|l| l.eq_ignore_ascii_case(key)) {
            continue;
        }
        let mut path = at.to_vec();
        path.extend([Seg::Key(field), Seg::Key(key)]);
        let listed = languages.join(", ");
        let help = match suggest(key, languages.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`? (the site's languages: {listed})"),
            None => format!(
                "give `{field}` in the site's languages ({listed}), or add `{key}` to `languages` in dossier.yaml"
            ),
        };
        report(
            &path,
            Diagnostic::new(
                Code::E015,
                format!("`{key}` is not one of the site's languages"),
            )
            .label(format!("no page shows this `{field}`"))
            .help(help),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_run_language_then_the_default_then_the_first() {
        let langs = ["en".to_string(), "es".to_string(), "fr".to_string()];
        let map: IndexMap<String, &str> = [("fr", "Côte d'Ivoire"), ("en", "Ivory Coast")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        assert_eq!(
            choose(&map, Lang(2), &langs),
            Some((&"Côte d'Ivoire", Lang(2)))
        );
        assert_eq!(
            choose(&map, Lang(1), &langs),
            Some((&"Ivory Coast", Lang(0)))
        );
        let only_fr: IndexMap<String, &str> = [("fr".to_string(), "Côte d'Ivoire")].into();
        assert_eq!(
            choose(&only_fr, Lang(1), &langs),
            Some((&"Côte d'Ivoire", Lang(2)))
        );
    }
}
