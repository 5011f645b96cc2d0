//! The strings of the theme in the site's language: the catalogues shipped
//! in the binary (`themes/default/i18n/<lang>.yaml`), overridden key by key
//! by a theme's and the site's `i18n/<lang>.yaml`, flattened to dotted keys
//! and merged once at load into one [`Catalogue`].
//!
//! A value is text with `{name}` placeholders, or a plural value: a map of
//! CLDR plural categories (`one`, `many`, `other`…) and exact numbers
//! (`=0`), of which ICU's plural rules for the language pick one.

use std::collections::HashMap;
use std::path::Path;

use icu_decimal::{DecimalFormatter, options::DecimalFormatterOptions};
use icu_plurals::{PluralCategory, PluralRules};

use crate::diag::{Code, Diagnostic, Files, Span};
use crate::frontmatter::{self, Seg, Yaml};

/// The catalogues shipped in the binary, by language tag. English is the
/// reference: every other has exactly its keys (a unit test checks).
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "en",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/i18n/en.yaml"
        )),
    ),
    (
        "es",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/i18n/es.yaml"
        )),
    ),
    (
        "fr",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/i18n/fr.yaml"
        )),
    ),
    (
        "pt",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/i18n/pt.yaml"
        )),
    ),
];

/// One string of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Text with `{name}` placeholders.
    Text(String),
    /// A plural value: (`one`, `other`, `=0`…, text), in the order written.
    Plural(Vec<(String, String)>),
}

/// The strings of one language, every key resolved (site → theme →
/// built-in for the language → built-in English), with the plural rules
/// that choose among a plural value's forms.
pub struct Catalogue {
    messages: HashMap<String, Message>,
    /// `None` only if ICU could not load the rules, which its baked data
    /// rules out; a plural value then takes its `other` form.
    plurals: Option<PluralRules>,
    /// How the language writes a whole number: `12,345` in English,
    /// `12.345` in Spanish, `12 345` in French (CLDR's grouping, which
    /// leaves four-digit numbers alone in Spanish and Portuguese). `None`
    /// only if ICU could not load it; digits are then written bare.
    numbers: Option<DecimalFormatter>,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Catalogue")
            .field("keys", &self.messages.len())
            .finish()
    }
}

/// An argument of a message, as it goes into HTML.
pub struct Arg<'a> {
    pub name: &'a str,
    /// The text to insert, already escaped (or safe markup).
    pub html: String,
}

/// The CLDR name of a plural category.
fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// Whether `key` names a form of a plural value: a CLDR category or `=N`.
fn is_plural_form(key: &str) -> bool {
    PluralCategory::get_for_cldr_string(key).is_some()
        || key
            .strip_prefix('=')
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A flattened catalogue file: key → (message, path of segments to it).
pub(crate) type Flat = Vec<(String, Message, Vec<String>)>;

/// Flattens a YAML tree: nested maps become dotted keys; a map whose keys
/// are all plural forms is a plural value. Values of another shape are
/// returned as (path, why).
pub(crate) fn flatten(node: &frontmatter::Value<'_>) -> (Flat, Vec<(Vec<String>, String)>) {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    walk(node, &mut Vec::new(), &mut out, &mut bad);
    (out, bad)
}

/// A scalar as text: YAML reads `false:` (a status id) as a boolean, but
/// in a catalogue every key and value is text.
fn scalar_text(node: &frontmatter::Value<'_>) -> Option<String> {
    node.as_id()
        .map(str::to_string)
        .or_else(|| node.as_bool().map(|b| b.to_string()))
}

fn walk(
    node: &frontmatter::Value<'_>,
    path: &mut Vec<String>,
    out: &mut Flat,
    bad: &mut Vec<(Vec<String>, String)>,
) {
    if let Some(text) = node.as_id() {
        if path.is_empty() {
            bad.push((Vec::new(), "a catalogue is a map of keys".into()));
        } else {
            out.push((
                path.join("."),
                Message::Text(text.to_string()),
                path.clone(),
            ));
        }
        return;
    }
    let Some(entries) = node.as_mapping() else {
        if !node.is_null() || !path.is_empty() {
            bad.push((path.clone(), "expected text, or a map of keys".into()));
        }
        return;
    };
    let plural = !path.is_empty()
        && !entries.is_empty()
        && entries
            .iter()
            .all(|(k, _)| k.as_id().is_some_and(is_plural_form));
    if plural {
        let mut forms = Vec::new();
        for (k, v) in entries {
            let form = k.as_id().unwrap_or_default().to_string();
            match scalar_text(v) {
                Some(text) => forms.push((form, text)),
                None => {
                    let mut p = path.clone();
                    p.push(form);
                    bad.push((p, "expected text".into()));
                }
            }
        }
        out.push((path.join("."), Message::Plural(forms), path.clone()));
        return;
    }
    for (k, v) in entries {
        let Some(key) = scalar_text(k) else {
            bad.push((path.clone(), "keys are text".into()));
            continue;
        };
        path.push(key);
        walk(v, path, out, bad);
        path.pop();
    }
}

/// The built-in catalogue of `tag`, flattened; `None` when none ships.
fn built_in(tag: &str) -> Option<Flat> {
    let (_, text) = BUILT_IN.iter().find(|(t, _)| t.eq_ignore_ascii_case(tag))?;
    let tree = frontmatter::value(
        Yaml {
            file: 0,
            start: 0,
            end: text.len(),
        },
        text,
    )?;
    Some(flatten(&tree).0)
}

/// The placeholders of a text: `{date}` → `date`.
#[cfg(test)]
pub(crate) fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        rest = &rest[i + 1..];
        match rest.find('}') {
            Some(j)
                if rest[..j]
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
            {
                out.push(&rest[..j]);
                rest = &rest[j + 1..];
            }
            _ => {}
        }
    }
    out
}

impl Catalogue {
    /// The built-in strings of `tag` (its base language's when only that
    /// ships, English for the rest), with no overrides.
    pub fn built_in(tag: &str) -> Catalogue {
        let mut messages = HashMap::new();
        let base = tag.split(['-', '_']).next().unwrap_or(tag);
        for layer in ["en", base, tag] {
            for (key, message, _) in built_in(layer).unwrap_or_default() {
                messages.insert(key, message);
            }
        }
        Catalogue {
            messages,
            plurals: plural_rules(tag),
            numbers: decimal_formatter(tag),
        }
    }

    /// Whether a language ships with strings of its own.
    pub fn ships(tag: &str) -> bool {
        let base = tag.split(['-', '_']).next().unwrap_or(tag);
        BUILT_IN.iter().any(|(t, _)| t.eq_ignore_ascii_case(base))
    }

    /// The strings of the site: the built-in ones for `language`, then
    /// `themes/<theme>/i18n/<language>.yaml`, then the site's
    /// `i18n/<language>.yaml`, key by key (for a regional tag such as
    /// `es-MX`, each folder's `es.yaml` before its `es-MX.yaml`). Problems (W015) go to `diags`:
    /// a language no catalogue ships for, an unknown key in an override.
    pub fn load(
        root: &Path,
        theme: &str,
        language: &str,
        files: &mut Files,
        diags: &mut Vec<Diagnostic>,
    ) -> Catalogue {
        let mut catalogue = Catalogue::built_in(language);
        // The keys there are: English's, which every catalogue has.
        let mut english: Vec<&str> = catalogue.messages.keys().map(String::as_str).collect();
        english.sort_unstable();
        let mut overrides = Vec::new();
        let dirs = [
            root.join("themes").join(theme).join("i18n"),
            root.join("i18n"),
        ];
        // A regional language reads its base language's file first, so
        // that `es-MX` takes a site's `i18n/es.yaml` and changes only what
        // `i18n/es-MX.yaml` says differently.
        let base = language.split(['-', '_']).next().unwrap_or(language);
        let names: &[&str] = if base == language {
            &[language]
        } else {
            &[base, language]
        };
        let paths = dirs.iter().flat_map(|dir| {
            names
                .iter()
                .map(move |name| dir.join(format!("{name}.yaml")))
        });
        for path in paths {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let display = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let file = files.add(display, path.clone(), text.clone());
            let yaml = Yaml {
                file,
                start: 0,
                end: text.len(),
            };
            let Some(tree) = frontmatter::value(yaml, &text) else {
                // The same reading reports why, at the place.
                let err = frontmatter::parse::<serde::de::IgnoredAny>(yaml, &text)
                    .err()
                    .map(|mut d| {
                        d.code = Code::W015;
                        d
                    });
                diags.extend(err);
                continue;
            };
            let (flat, bad) = flatten(&tree);
            let span = |path: &[String], key: bool| -> Span {
                let segs: Vec<Seg<'_>> = path.iter().map(|s| Seg::Key(s)).collect();
                frontmatter::locate(yaml, &text, &segs, key)
            };
            for (path, why) in bad {
                diags.push(
                    Diagnostic::new(Code::W015, format!("string not read: {why}"))
                        .at(span(&path, false))
                        .label("left out: the built-in string is shown")
                        .help("write `key: text`, or a map of plural forms (`one:`, `other:`)"),
                );
            }
            for (key, message, path) in flat {
                if !english.contains(&key.as_str()) {
                    let help =
                        crate::diag::suggest(&key, english.iter().copied()).unwrap_or_else(|| {
                            "the keys are those of the built-in en.yaml (docs/themes.md, Strings)"
                                .into()
                        });
                    diags.push(
                        Diagnostic::new(Code::W015, format!("unknown string `{key}`"))
                            .at(span(&path, true))
                            .label("no template uses this key")
                            .help(help),
                    );
                    continue;
                }
                overrides.push((key, message));
            }
        }
        let given: std::collections::HashSet<&str> =
            overrides.iter().map(|(k, _)| k.as_str()).collect();
        // A language ICU does not know has its own warning (W014), which
        // says English is used.
        if !Catalogue::ships(language) && super::Locale::new(language).is_ok() {
            let missing: Vec<&str> = english
                .iter()
                .copied()
                .filter(|k| !given.contains(k))
                .collect();
            if !missing.is_empty() {
                let config = root.join("dossier.yaml");
                let at = files
                    .iter()
                    .find(|(_, f)| f.path == config)
                    .map(|(id, f)| crate::config::key_span(id, &f.text, "language"));
                let shown: Vec<String> = missing.iter().take(3).map(|k| format!("`{k}`")).collect();
                let more = if missing.len() > 3 { ", …" } else { "" };
                diags.push(
                    Diagnostic::new(
                        Code::W015,
                        format!("no strings for `{language}`: {} labels shown in English", missing.len()),
                    )
                    .at_opt(at)
                    .label(format!("missing {}{more}", shown.join(", ")))
                    .help(format!(
                        "translate the keys of the built-in en.yaml in `i18n/{language}.yaml`, or use a shipped language: {}",
                        BUILT_IN.iter().map(|(t, _)| format!("`{t}`")).collect::<Vec<_>>().join(", ")
                    )),
                );
            }
        }
        for (key, message) in overrides {
            catalogue.messages.insert(key, message);
        }
        catalogue
    }

    /// `n` as the language writes a count: `12,345`, `12.345`, `12 345`.
    pub fn number(&self, n: i64) -> String {
        match &self.numbers {
            Some(f) => f.format_to_string(&icu_decimal::input::Decimal::from(n)),
            None => n.to_string(),
        }
    }

    /// "did you mean" for a key the catalogue lacks.
    pub fn suggest(&self, key: &str) -> Option<String> {
        crate::diag::suggest(key, self.messages.keys().map(String::as_str))
    }

    /// Gives the well-known statuses (`verified`, …) their label and
    /// meaning in the catalogue's language, where the site left them as
    /// dossier's English defaults (`crate::config::WELL_KNOWN`). A label or
    /// meaning the site wrote itself is kept.
    pub fn name_statuses(&self, statuses: &mut [crate::config::ClaimStatus]) {
        for status in statuses {
            let Some(known) = crate::config::WELL_KNOWN.iter().find(|k| k.id == status.id) else {
                continue;
            };
            let key = |field: &str| format!("claim_status.{}.{field}", status.id);
            if status.label == known.label
                && let Some(Message::Text(label)) = self.messages.get(&key("label"))
            {
                status.label = label.clone();
            }
            if status.meaning == known.meaning
                && let Some(Message::Text(meaning)) = self.messages.get(&key("meaning"))
            {
                status.meaning = meaning.clone();
            }
        }
    }

    /// Every key with its message, in no order.
    pub fn messages(&self) -> impl Iterator<Item = (&str, &Message)> {
        self.messages.iter().map(|(k, m)| (k.as_str(), m))
    }

    /// Whether the catalogue has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.messages.contains_key(key)
    }

    /// The text of `key` (the `other` form of a plural), as plain text;
    /// the key itself when the catalogue lacks it.
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        match self.messages.get(key) {
            Some(Message::Text(t)) => t,
            Some(Message::Plural(forms)) => forms
                .iter()
                .find(|(f, _)| f == "other")
                .or(forms.first())
                .map_or(key, |(_, t)| t),
            None => key,
        }
    }

    /// The text of `key` with its placeholders filled in, as plain text.
    pub fn plain(&self, key: &str, args: &[(&str, &str)]) -> String {
        let args: Vec<Arg<'_>> = args
            .iter()
            .map(|(name, value)| Arg {
                name,
                html: value.to_string(),
            })
            .collect();
        let n = args
            .iter()
            .find(|a| a.name == "n")
            .and_then(|a| a.html.parse::<i64>().ok());
        self.format(key, n, &args, false)
            .unwrap_or_else(|_| key.to_string())
    }

    /// The form of a plural value for `n`: an exact `=n`, else the
    /// category the language's rules give, else `other`.
    fn form<'a>(&self, forms: &'a [(String, String)], n: i64) -> &'a str {
        let exact = format!("={n}");
        let category = self
            .plurals
            .as_ref()
            .map_or("other", |p| category_name(p.category_for(n)));
        forms
            .iter()
            .find(|(f, _)| *f == exact)
            .or_else(|| forms.iter().find(|(f, _)| f == category))
            .or_else(|| forms.iter().find(|(f, _)| f == "other"))
            .or(forms.first())
            .map_or("", |(_, t)| t)
    }

    /// The message of `key` with `{name}` replaced by the arguments' text.
    /// With `escape`, the message's own text is HTML-escaped (the
    /// arguments come escaped). `n` picks a plural value's form. `Err`
    /// says what is wrong: an unknown key, a plural without `n`, a
    /// placeholder without an argument.
    pub fn format(
        &self,
        key: &str,
        n: Option<i64>,
        args: &[Arg<'_>],
        escape: bool,
    ) -> Result<String, String> {
        let text = match self.messages.get(key) {
            None => return Err(format!("no string `{key}` in the catalogue")),
            Some(Message::Text(t)) => t.as_str(),
            Some(Message::Plural(forms)) => match n {
                Some(n) => self.form(forms, n),
                None => {
                    return Err(format!(
                        "`{key}` has plural forms: give the number, `t(n=…)`"
                    ));
                }
            },
        };
        let mut out = String::with_capacity(text.len() + 16);
        let push_text = |out: &mut String, s: &str| {
            if escape {
                let mut buf = Vec::new();
                // Writing to a Vec cannot fail.
                let _ = tera::escape_html(s, &mut buf);
                out.push_str(&String::from_utf8_lossy(&buf));
            } else {
                out.push_str(s);
            }
        };
        let mut rest = text;
        while let Some(i) = rest.find('{') {
            push_text(&mut out, &rest[..i]);
            let after = &rest[i + 1..];
            match after.find('}') {
                Some(j)
                    if after[..j]
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
                {
                    let name = &after[..j];
                    match args.iter().find(|a| a.name == name) {
                        Some(a) => out.push_str(&a.html),
                        None => {
                            return Err(format!(
                                "`{key}` has the placeholder `{{{name}}}`: give it, `t({name}=…)`"
                            ));
                        }
                    }
                    rest = &after[j + 1..];
                }
                _ => {
                    push_text(&mut out, "{");
                    rest = after;
                }
            }
        }
        push_text(&mut out, rest);
        Ok(out)
    }
}

/// How `tag` writes whole numbers, English's way when ICU does not know
/// the language.
fn decimal_formatter(tag: &str) -> Option<DecimalFormatter> {
    let locale =
        icu_locale_core::Locale::try_from_str(tag).unwrap_or(icu_locale_core::locale!("en"));
    DecimalFormatter::try_new((&locale).into(), DecimalFormatterOptions::default()).ok()
}

/// The cardinal plural rules of `tag`, English's when ICU has none.
fn plural_rules(tag: &str) -> Option<PluralRules> {
    let locale =
        icu_locale_core::Locale::try_from_str(tag).unwrap_or(icu_locale_core::locale!("en"));
    PluralRules::try_new_cardinal((&locale).into())
        .or_else(|_| PluralRules::try_new_cardinal(icu_locale_core::locale!("en").into()))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn flat(text: &str) -> Flat {
        let yaml = Yaml {
            file: 0,
            start: 0,
            end: text.len(),
        };
        flatten(&frontmatter::value(yaml, text).unwrap()).0
    }

    #[test]
    fn nested_maps_flatten_to_dotted_keys_and_plural_maps_stay_whole() {
        let got =
            flat("a:\n  b: B\n  c: {one: \"{n} x\", other: \"{n} xs\", \"=0\": none}\nd.e: 5\n");
        let got: Vec<(String, Message)> = got.into_iter().map(|(k, m, _)| (k, m)).collect();
        assert_eq!(
            got,
            [
                ("a.b".to_string(), Message::Text("B".into())),
                (
                    "a.c".to_string(),
                    Message::Plural(vec![
                        ("one".into(), "{n} x".into()),
                        ("other".into(), "{n} xs".into()),
                        ("=0".into(), "none".into()),
                    ])
                ),
                ("d.e".to_string(), Message::Text("5".into())),
            ]
        );
    }

    #[test]
    fn spanish_plurals_follow_cldr() {
        let es = Catalogue::built_in("es");
        let n = |n: i64| es.plain("count.claims", &[("n", &n.to_string())]);
        assert_eq!(n(1), "1 afirmación");
        assert_eq!(n(2), "2 afirmaciones");
        assert_eq!(n(0), "0 afirmaciones");
        assert_eq!(n(1_000_000), "1000000 de afirmaciones");
        let en = Catalogue::built_in("en");
        assert_eq!(en.plain("count.claims", &[("n", "1")]), "1 claim");
        assert_eq!(en.plain("count.claims", &[("n", "0")]), "0 claims");
    }

    /// French writes 0 in the singular; Brazilian Portuguese, whose CLDR
    /// `one` covers 0 too, takes the plural through its `=0` forms.
    #[test]
    fn french_and_portuguese_plurals() {
        let count = |lang: &str, n: i64| {
            Catalogue::built_in(lang).plain("count.claims", &[("n", &n.to_string())])
        };
        assert_eq!(count("fr", 0), "0 affirmation");
        assert_eq!(count("fr", 1), "1 affirmation");
        assert_eq!(count("fr", 2), "2 affirmations");
        assert_eq!(count("fr", 1_000_000), "1000000 d’affirmations");
        assert_eq!(count("pt", 0), "0 afirmações");
        assert_eq!(count("pt", 1), "1 afirmação");
        assert_eq!(count("pt", 2), "2 afirmações");
        assert_eq!(count("pt", 1_000_000), "1000000 de afirmações");
    }

    #[test]
    fn an_exact_number_wins_over_the_category() {
        let mut c = Catalogue::built_in("en");
        c.messages.insert(
            "x".into(),
            Message::Plural(vec![
                ("=0".into(), "none".into()),
                ("one".into(), "{n} thing".into()),
                ("other".into(), "{n} things".into()),
            ]),
        );
        assert_eq!(c.plain("x", &[("n", "0")]), "none");
        assert_eq!(c.plain("x", &[("n", "1")]), "1 thing");
        assert_eq!(c.plain("x", &[("n", "7")]), "7 things");
    }

    #[test]
    fn the_message_is_escaped_and_placeholders_are_required() {
        let mut c = Catalogue::built_in("en");
        c.messages
            .insert("x".into(), Message::Text("<b> & {what} {missing}".into()));
        let args = [Arg {
            name: "what",
            html: "<i>ok</i>".into(),
        }];
        assert!(
            c.format("x", None, &args, true)
                .unwrap_err()
                .contains("{missing}")
        );
        c.messages
            .insert("x".into(), Message::Text("<b> & {what}".into()));
        assert_eq!(
            c.format("x", None, &args, true).unwrap(),
            "&lt;b&gt; &amp; <i>ok</i>"
        );
        assert!(c.format("nope", None, &[], true).is_err());
        assert!(c.format("count.claims", None, &[], true).is_err());
    }

    #[test]
    fn overrides_fall_back_site_theme_built_in_english() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("i18n")).unwrap();
        std::fs::create_dir_all(root.join("themes/t/i18n")).unwrap();
        std::fs::write(
            root.join("themes/t/i18n/es.yaml"),
            "nav:\n  home: Portada\n  tags: Temas\n",
        )
        .unwrap();
        std::fs::write(root.join("i18n/es.yaml"), "nav:\n  home: Casa\n").unwrap();
        let mut files = Files::default();
        let mut diags = Vec::new();
        let c = Catalogue::load(root, "t", "es", &mut files, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(c.text("nav.home"), "Casa");
        assert_eq!(c.text("nav.tags"), "Temas");
        assert_eq!(c.text("nav.sources"), "Fuentes");
        // A language none ships: English, and the site's own strings.
        std::fs::write(root.join("i18n/de.yaml"), "nav:\n  home: Startseite\n").unwrap();
        let c = Catalogue::load(root, "t", "de", &mut files, &mut diags);
        assert_eq!(c.text("nav.home"), "Startseite");
        assert_eq!(c.text("nav.tags"), "Tags");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::W015);
    }

    #[test]
    fn counts_group_digits_as_the_language_does() {
        let n = |tag: &str, n: i64| Catalogue::built_in(tag).number(n);
        assert_eq!(n("en", 12345), "12,345");
        assert_eq!(n("es", 1234), "1234");
        assert_eq!(n("es", 12345), "12.345");
        assert_eq!(n("pt", 12345), "12.345");
        assert_eq!(n("fr", 12345), "12\u{202f}345");
        let c = Catalogue::built_in("es");
        let text = c
            .format(
                "count.claims",
                Some(12345),
                &[Arg {
                    name: "n",
                    html: c.number(12345),
                }],
                true,
            )
            .unwrap();
        assert_eq!(text, "12.345 afirmaciones");
    }

    #[test]
    fn a_regional_language_takes_its_base_languages_overrides_first() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("i18n")).unwrap();
        std::fs::write(
            root.join("i18n/es.yaml"),
            "nav:\n  home: Portada\n  tags: Temas\n",
        )
        .unwrap();
        std::fs::write(root.join("i18n/es-MX.yaml"), "nav:\n  tags: Etiquetas\n").unwrap();
        let mut files = Files::default();
        let mut diags = Vec::new();
        let c = Catalogue::load(root, "default", "es-MX", &mut files, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(c.text("nav.home"), "Portada");
        assert_eq!(c.text("nav.tags"), "Etiquetas");
        assert_eq!(c.text("nav.sources"), "Fuentes");
    }

    #[test]
    fn well_known_statuses_read_in_english_as_dossier_always_wrote_them() {
        let en = Catalogue::built_in("en");
        for k in crate::config::WELL_KNOWN {
            assert_eq!(en.text(&format!("claim_status.{}.label", k.id)), k.label);
            assert_eq!(
                en.text(&format!("claim_status.{}.meaning", k.id)),
                k.meaning
            );
        }
    }

    #[test]
    fn statuses_the_site_named_itself_keep_their_text() {
        let es = Catalogue::built_in("es");
        let mut statuses: Vec<crate::config::ClaimStatus> = crate::config::WELL_KNOWN
            .iter()
            .map(|k| crate::config::ClaimStatus {
                id: k.id.into(),
                label: k.label.into(),
                rating: k.rating,
                meaning: k.meaning.into(),
            })
            .collect();
        statuses[1].label = "En disputa".into();
        es.name_statuses(&mut statuses);
        assert_eq!(statuses[0].label, "Verificada");
        assert_eq!(statuses[0].meaning, "Confirmada por las fuentes citadas.");
        assert_eq!(statuses[1].label, "En disputa");
    }

    /// The placeholders of every form of a message.
    fn all_placeholders(m: &Message) -> BTreeSet<String> {
        match m {
            Message::Text(t) => placeholders(t).into_iter().map(str::to_string).collect(),
            Message::Plural(forms) => forms
                .iter()
                .flat_map(|(_, t)| placeholders(t))
                .map(str::to_string)
                .collect(),
        }
    }

    #[test]
    fn every_built_in_catalogue_has_english_keys_placeholders_and_plural_forms() {
        let en: HashMap<String, Message> = built_in("en")
            .unwrap()
            .into_iter()
            .map(|(k, m, _)| (k, m))
            .collect();
        for (tag, text) in BUILT_IN {
            let yaml = Yaml {
                file: 0,
                start: 0,
                end: text.len(),
            };
            let (_, bad) = flatten(&frontmatter::value(yaml, text).unwrap());
            assert!(bad.is_empty(), "{tag}.yaml: {bad:?}");
            let other: HashMap<String, Message> = built_in(tag)
                .unwrap()
                .into_iter()
                .map(|(k, m, _)| (k, m))
                .collect();
            let mut a: Vec<&String> = en.keys().collect();
            let mut b: Vec<&String> = other.keys().collect();
            a.sort();
            b.sort();
            assert_eq!(a, b, "{tag}.yaml has not exactly en.yaml's keys");
            let rules = plural_rules(tag).unwrap();
            for (key, m) in &other {
                assert_eq!(
                    all_placeholders(m),
                    all_placeholders(&en[key]),
                    "{tag}: {key} has other placeholders than in English"
                );
                let is_plural = matches!(en[key], Message::Plural(_));
                match m {
                    Message::Plural(forms) => {
                        assert!(is_plural, "{tag}: {key} is plural only here");
                        for c in rules.categories() {
                            let c = category_name(c);
                            assert!(
                                forms.iter().any(|(f, _)| f == c),
                                "{tag}: {key} lacks the `{c}` form"
                            );
                        }
                    }
                    Message::Text(_) => assert!(!is_plural, "{tag}: {key} is not plural here"),
                }
            }
        }
    }
}
