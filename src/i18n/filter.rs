//! The template side of the strings: the Tera filter `t`, bound to the
//! catalogue of the language being rendered, and the scan of the literal
//! keys templates use, so that a mistyped key is found when the templates
//! load rather than on some page.
//!
//! The filter is bound to a catalogue rather than reading the language
//! from the context because Tera 2 components do not see the page's
//! context: one `Tera` per language, each with its own `t`.

use std::ops::Range;
use std::sync::Arc;

use super::catalogue::{Arg, Catalogue};

/// Registers `t` on `tera`: `{{ "nav.home" | t }}`,
/// `{{ "count.claims" | t(n=3) }}`, `{{ "report.published" | t(date=d) }}`.
/// Every keyword argument fills the placeholder of its name; `n` also picks
/// a plural value's form. The message is escaped, and so is each argument
/// unless it is safe markup (a `{% set %}` capture, a `| safe` value); the
/// result is safe, so it is not escaped again. The count `n` is written
/// with the language's digit grouping (`12.345` in Spanish), as is any
/// number given the filter `num`: `{{ reports_total | num }}`.
pub fn register(tera: &mut tera::Tera, catalogue: Arc<Catalogue>) {
    let numbers = Arc::clone(&catalogue);
    tera.register_filter(
        "t",
        move |key: &str, kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<tera::Value> {
            let mut n = None;
            let mut args = Vec::new();
            let names: Vec<(String, tera::Value)> = kwargs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect();
            for (name, value) in &names {
                if name == "n" {
                    n = value.as_i64();
                }
                let html = if name == "n"
                    && let Some(n) = n
                {
                    // A count reads as the language groups digits.
                    catalogue.number(n)
                } else if value.is_safe() {
                    value.to_string()
                } else {
                    let mut buf = Vec::new();
                    // Writing to a Vec cannot fail.
                    let _ = tera::escape_html(&value.to_string(), &mut buf);
                    String::from_utf8_lossy(&buf).into_owned()
                };
                args.push(Arg { name, html });
            }
            catalogue
                .format(key, n, &args, true)
                .map(|s| tera::Value::safe_string(&s))
                .map_err(tera::Error::message)
        },
    );
    tera.register_filter(
        "num",
        move |n: i64, _: tera::Kwargs, _: &tera::State| -> String { numbers.number(n) },
    );
}

/// Every literal key a template gives `t`: `"nav.home" | t`, with the byte
/// range of the key's text (inside the quotes).
pub fn literal_keys(text: &str) -> Vec<(&str, Range<usize>)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let quote = bytes[i];
        if quote != b'"' && quote != b'\'' {
            i += 1;
            continue;
        }
        let start = i + 1;
        let Some(len) = text[start..].find(quote as char) else {
            break;
        };
        let end = start + len;
        let after = text[end + 1..].trim_start();
        let is_t = after.strip_prefix('|').is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.starts_with('t')
                && !rest[1..]
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_')
        });
        if is_t {
            out.push((&text[start..end], start..end));
        }
        i = end + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_keys_are_found_with_their_place() {
        let text =
            r#"<a title="x">{{ "nav.home" | t }}</a>{{ 'count.claims'|t(n=2) }}{{ "a" | trim }}"#;
        let keys: Vec<&str> = literal_keys(text).into_iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["nav.home", "count.claims"]);
        let (_, range) = &literal_keys(text)[0];
        assert_eq!(&text[range.clone()], "nav.home");
    }

    #[test]
    fn arguments_are_escaped_unless_safe() {
        let mut tera = tera::Tera::new();
        register(&mut tera, Arc::new(Catalogue::built_in("en")));
        tera.add_raw_template(
            "x.html",
            r#"{{ "report.by" | t(authors=a) }}|{% set d %}<time>2</time>{% endset %}{{ "report.published" | t(date=d) }}|{{ "count.claims" | t(n=1) }}|{{ "count.claims" | t(n=2) }}"#,
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("a", "<b>&");
        let out = tera.render("x.html", &ctx).unwrap();
        assert_eq!(
            out,
            "By &lt;b&gt;&amp;|Published <time>2</time>|1 claim|2 claims"
        );
    }

    #[test]
    fn counts_read_with_the_languages_digit_grouping() {
        let mut tera = tera::Tera::new();
        register(&mut tera, Arc::new(Catalogue::built_in("es")));
        tera.add_raw_template(
            "x.html",
            r#"{{ "count.reports" | t(n=n) }}|{{ n | num }}|{{ 1234 | num }}"#,
        )
        .unwrap();
        let mut ctx = tera::Context::new();
        ctx.insert("n", &12345_usize);
        let out = tera.render("x.html", &ctx).unwrap();
        assert_eq!(out, "12.345 informes|12.345|1234");
    }
}
