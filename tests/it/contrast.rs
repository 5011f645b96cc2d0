//! Colour contrast, without a browser: the stylesheets a build writes
//! (`style.css` and `syntax.css`) are parsed and cascaded over the pages it
//! writes, in light and in dark mode, and every piece of text is measured
//! against the background it sits on (WCAG 2 contrast ratio, at least 4.5:1).
//! The same is done for the parts scripts add: the citation preview and
//! `serve`'s error overlay.
//!
//! The cascade here knows what the default theme uses: selectors (matched by
//! `scraper`), specificity, `!important`, source order, `@media` for the
//! colour scheme, custom properties and `var()`, inherited `color`, and
//! backgrounds looked up through the ancestors. States (`:hover`,
//! `:visited`, `:focus`, `:target`) are each measured as if they held.

use std::collections::HashMap;
use std::path::Path;

use scraper::{ElementRef, Html, Selector};

use crate::*;

/// WCAG AA for normal text.
const AA: f64 = 4.5;

// ---------- Colours ----------

#[derive(Debug, Clone, Copy, PartialEq)]
struct Rgba {
    r: f64,
    g: f64,
    b: f64,
    a: f64,
}

impl Rgba {
    fn hex(&self) -> String {
        let c = |v: f64| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        format!("#{:02x}{:02x}{:02x}", c(self.r), c(self.g), c(self.b))
    }

    /// `self` drawn over an opaque `below`.
    fn over(self, below: Rgba) -> Rgba {
        let mix = |x: f64, y: f64| x * self.a + y * (1.0 - self.a);
        Rgba {
            r: mix(self.r, below.r),
            g: mix(self.g, below.g),
            b: mix(self.b, below.b),
            a: 1.0,
        }
    }

    fn luminance(&self) -> f64 {
        let lin = |c: f64| {
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.r) + 0.7152 * lin(self.g) + 0.0722 * lin(self.b)
    }
}

fn contrast(a: Rgba, b: Rgba) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// A CSS colour value: hex, `rgb()`, or the few keywords the theme uses.
fn parse_colour(value: &str) -> Option<Rgba> {
    let v = value.trim().to_ascii_lowercase();
    let byte = |s: &str| u8::from_str_radix(s, 16).ok().map(|b| f64::from(b) / 255.0);
    if let Some(hex) = v.strip_prefix('#') {
        let digits: Vec<String> = match hex.len() {
            3 | 4 => hex.chars().map(|c| format!("{c}{c}")).collect(),
            6 | 8 => (0..hex.len())
                .step_by(2)
                .map(|i| hex[i..i + 2].to_string())
                .collect(),
            _ => return None,
        };
        return Some(Rgba {
            r: byte(&digits[0])?,
            g: byte(&digits[1])?,
            b: byte(&digits[2])?,
            a: digits.get(3).map_or(Some(1.0), |d| byte(d))?,
        });
    }
    if let Some(args) = v
        .strip_prefix("rgba(")
        .or_else(|| v.strip_prefix("rgb("))
        .and_then(|s| s.strip_suffix(')'))
    {
        let parts: Vec<f64> = args
            .split([',', ' ', '/'])
            .filter(|p| !p.is_empty())
            .filter_map(|p| p.parse().ok())
            .collect();
        return Some(Rgba {
            r: *parts.first()? / 255.0,
            g: *parts.get(1)? / 255.0,
            b: *parts.get(2)? / 255.0,
            a: parts.get(3).copied().unwrap_or(1.0),
        });
    }
    match v.as_str() {
        "white" => parse_colour("#fff"),
        "black" => parse_colour("#000"),
        "transparent" => Some(Rgba {
            r: 0.0,
            g: 0.0,
            b: 0.0,
            a: 0.0,
        }),
        _ => None,
    }
}

// ---------- Stylesheets ----------

#[derive(Debug, Clone, Copy, PartialEq)]
enum Scheme {
    Light,
    Dark,
}

/// Which colour schemes an `@media` block applies in; `None`: never on a
/// screen (print).
fn media_schemes(prelude: &str) -> Option<Vec<Scheme>> {
    let p = prelude.to_ascii_lowercase();
    if p.contains("print") && !p.contains("screen") {
        return None;
    }
    let negated = p.contains("not ");
    if p.contains("prefers-color-scheme: dark") {
        return Some(if negated {
            vec![Scheme::Light]
        } else {
            vec![Scheme::Dark]
        });
    }
    if p.contains("prefers-color-scheme: light") {
        return Some(if negated {
            vec![Scheme::Dark]
        } else {
            vec![Scheme::Light]
        });
    }
    // Widths, motion: colours do not change.
    Some(vec![Scheme::Light, Scheme::Dark])
}

#[derive(Debug, Clone)]
struct Rule {
    /// One complex selector, as written.
    selector: String,
    decls: Vec<(String, String, bool)>,
    schemes: Vec<Scheme>,
    order: usize,
}

/// The rules of a stylesheet, one per complex selector, in source order.
fn parse_css(text: &str, sheet: &str) -> Vec<Rule> {
    let mut clean = String::new();
    let mut rest = text;
    while let Some(i) = rest.find("/*") {
        clean.push_str(&rest[..i]);
        rest = rest[i..].find("*/").map_or("", |j| &rest[i + j + 2..]);
    }
    clean.push_str(rest);
    let mut rules = Vec::new();
    parse_block(&clean, &[Scheme::Light, Scheme::Dark], &mut rules);
    assert!(!rules.is_empty(), "{sheet}: no rules");
    rules
}

fn parse_block(text: &str, schemes: &[Scheme], out: &mut Vec<Rule>) {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let prelude = rest[..open].trim();
        // The matching brace.
        let mut depth = 0;
        let mut close = rest.len();
        for (i, c) in rest[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let body = &rest[open + 1..close];
        rest = rest.get(close + 1..).unwrap_or("");
        if let Some(media) = prelude.strip_prefix("@media") {
            if let Some(inner) = media_schemes(media) {
                let both: Vec<Scheme> = inner.into_iter().filter(|s| schemes.contains(s)).collect();
                parse_block(body, &both, out);
            }
            continue;
        }
        if prelude.starts_with('@') {
            continue;
        }
        let decls: Vec<(String, String, bool)> = body
            .split(';')
            .filter_map(|d| {
                let (prop, value) = d.split_once(':')?;
                let value = value.trim();
                let (value, important) = match value.strip_suffix("!important") {
                    Some(v) => (v.trim(), true),
                    None => (value, false),
                };
                Some((
                    prop.trim().to_ascii_lowercase(),
                    value.to_string(),
                    important,
                ))
            })
            .collect();
        for selector in split_selectors(prelude) {
            out.push(Rule {
                selector,
                decls: decls.clone(),
                schemes: schemes.to_vec(),
                order: out.len(),
            });
        }
    }
}

/// A selector list split at its top-level commas.
fn split_selectors(list: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in list.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                out.push(list[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(list[start..].trim().to_string());
    out.retain(|s| !s.is_empty());
    out
}

/// (ids, classes + attributes + pseudo-classes, types + pseudo-elements).
fn specificity(selector: &str) -> (u32, u32, u32) {
    let chars: Vec<char> = selector.chars().collect();
    let (mut a, mut b, mut c) = (0, 0, 0);
    let mut i = 0;
    let ident = |i: &mut usize| {
        let start = *i;
        while *i < chars.len()
            && (chars[*i].is_alphanumeric() || chars[*i] == '-' || chars[*i] == '_')
        {
            *i += 1;
        }
        chars[start..*i].iter().collect::<String>()
    };
    while i < chars.len() {
        match chars[i] {
            '#' => {
                i += 1;
                ident(&mut i);
                a += 1;
            }
            '.' => {
                i += 1;
                ident(&mut i);
                b += 1;
            }
            '[' => {
                while i < chars.len() && chars[i] != ']' {
                    i += 1;
                }
                i += 1;
                b += 1;
            }
            ':' if chars.get(i + 1) == Some(&':') => {
                i += 2;
                ident(&mut i);
                c += 1;
            }
            ':' => {
                i += 1;
                let name = ident(&mut i);
                if chars.get(i) == Some(&'(') {
                    let start = i + 1;
                    let mut depth = 0;
                    while i < chars.len() {
                        match chars[i] {
                            '(' => depth += 1,
                            ')' => {
                                depth -= 1;
                                if depth == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                        i += 1;
                    }
                    let inner: String = chars[start..i].iter().collect();
                    i += 1;
                    if matches!(name.as_str(), "not" | "is" | "has") {
                        let (x, y, z) = split_selectors(&inner)
                            .iter()
                            .map(|s| specificity(s))
                            .max()
                            .unwrap_or_default();
                        (a, b, c) = (a + x, b + y, c + z);
                        continue;
                    }
                    if name == "where" {
                        continue;
                    }
                }
                b += 1;
            }
            ch if ch.is_alphabetic() => {
                ident(&mut i);
                c += 1;
            }
            _ => i += 1,
        }
    }
    (a, b, c)
}

/// States a rule may depend on; each is measured as if it held.
const STATES: &[&str] = &["hover", "visited", "focus-visible", "focus", "target"];

/// A selector for one state (`""`: no state), with the state's
/// pseudo-classes and the pseudo-element taken out: `Some((selector,
/// pseudo-element))`, or `None` when it needs another state.
fn for_state(selector: &str, state: &str) -> Option<(String, Option<String>)> {
    let mut out = String::new();
    let mut pseudo = None;
    let mut rest = selector;
    while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let double = after.starts_with("::");
        let name_start = if double { 2 } else { 1 };
        let name: String = after[name_start..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-')
            .collect();
        let end = name_start + name.len();
        if double {
            pseudo = Some(name);
            rest = &after[end..];
        } else if STATES.contains(&name.as_str()) {
            if name != state {
                return None;
            }
            // Only an element with an id can be the target.
            if name == "target" {
                out.push_str("[id]");
            }
            rest = &after[end..];
        } else if name == "link" {
            if state == "visited" {
                return None;
            }
            rest = &after[end..];
        } else {
            out.push(':');
            rest = &after[1..];
        }
    }
    out.push_str(rest);
    let out = out.trim().to_string();
    let out = if out.is_empty() || out.ends_with(['>', '+', '~']) {
        format!("{out}*")
    } else {
        out
    };
    Some((out, pseudo))
}

// ---------- Cascade ----------

/// One declaration as it enters the cascade: important, specificity,
/// source order, property, value.
type Decl = (bool, (u32, u32, u32), usize, String, String);

/// An element, by the address of its data in the parsed tree.
fn key(el: ElementRef<'_>) -> usize {
    std::ptr::from_ref(el.value()) as usize
}

/// The declarations that apply to each element and to its pseudo-elements,
/// in cascade order (last wins).
#[derive(Default)]
struct Matched {
    decls: HashMap<usize, Vec<Decl>>,
    pseudo: HashMap<(usize, String), Vec<Decl>>,
}

fn cascade(html: &Html, rules: &[Rule], scheme: Scheme, state: &str) -> Matched {
    let mut matched = Matched::default();
    for rule in rules.iter().filter(|r| r.schemes.contains(&scheme)) {
        let Some((selector, pseudo)) = for_state(&rule.selector, state) else {
            continue;
        };
        let Ok(parsed) = Selector::parse(&selector) else {
            panic!("cannot match `{}` (from `{}`)", selector, rule.selector);
        };
        let spec = specificity(&rule.selector);
        for el in html.select(&parsed) {
            for (prop, value, important) in &rule.decls {
                let entry = (*important, spec, rule.order, prop.clone(), value.clone());
                match &pseudo {
                    Some(p) => matched
                        .pseudo
                        .entry((key(el), p.clone()))
                        .or_default()
                        .push(entry),
                    None => matched.decls.entry(key(el)).or_default().push(entry),
                }
            }
        }
    }
    for list in matched
        .decls
        .values_mut()
        .chain(matched.pseudo.values_mut())
    {
        list.sort_by_key(|x| (x.0, x.1, x.2));
    }
    matched
}

/// The computed custom properties, `color`, background and visibility of
/// one element.
#[derive(Clone, Default)]
struct Computed {
    vars: HashMap<String, String>,
    color: Option<Rgba>,
    /// Its own background, drawn over its parent's effective one.
    background: Option<Rgba>,
    hidden: bool,
}

/// `var(--x)` replaced, recursively, from `vars`.
fn substitute(value: &str, vars: &HashMap<String, String>) -> String {
    let mut out = value.to_string();
    for _ in 0..10 {
        let Some(i) = out.find("var(") else { break };
        let Some(j) = out[i..].find(')') else { break };
        let inner = &out[i + 4..i + j];
        let (name, fallback) = inner.split_once(',').unwrap_or((inner, ""));
        let value = vars
            .get(name.trim())
            .cloned()
            .unwrap_or_else(|| fallback.trim().to_string());
        out = format!("{}{}{}", &out[..i], value, &out[i + j + 1..]);
    }
    out
}

fn compute(decls: Option<&Vec<Decl>>, parent: &Computed) -> Computed {
    let mut own = Computed {
        vars: parent.vars.clone(),
        color: parent.color,
        background: None,
        hidden: parent.hidden,
    };
    let Some(decls) = decls else { return own };
    // Custom properties first: other values may use them.
    for (_, _, _, prop, value) in decls {
        if prop.starts_with("--") {
            let v = substitute(value, &own.vars);
            own.vars.insert(prop.clone(), v);
        }
    }
    for (_, _, _, prop, value) in decls {
        let value = substitute(value, &own.vars);
        let v = value.trim().to_ascii_lowercase();
        match prop.as_str() {
            "color" => {
                own.color = match v.as_str() {
                    "inherit" | "currentcolor" => parent.color,
                    _ => parse_colour(&v).or(own.color),
                }
            }
            "background" | "background-color" => {
                own.background = match v.as_str() {
                    "none" | "transparent" => None,
                    "inherit" => parent.background,
                    _ => parse_colour(&v).or(own.background),
                }
            }
            "display" if v == "none" => own.hidden = true,
            // Visually hidden, for screen readers only.
            "clip" if v.starts_with("rect(0") => own.hidden = true,
            _ => {}
        }
    }
    own
}

/// A text that is too faint: where, its colour, its background, the ratio.
type Failure = String;

/// Measures every piece of text of `html`, or only of the elements with
/// the ids `within` and their contents.
fn check_page(
    html: &Html,
    rules: &[Rule],
    (scheme, state): (Scheme, &str),
    label: &str,
    within: &[&str],
) -> Vec<Failure> {
    let matched = cascade(html, rules, scheme, state);
    let canvas = match scheme {
        Scheme::Light => parse_colour("#fff"),
        Scheme::Dark => parse_colour("#121212"),
    }
    .unwrap_or(Rgba {
        r: 1.0,
        g: 1.0,
        b: 1.0,
        a: 1.0,
    });
    let mut failures = Vec::new();
    let root = html.root_element();
    let start = Computed {
        color: parse_colour(if scheme == Scheme::Light {
            "#000"
        } else {
            "#fff"
        }),
        ..Computed::default()
    };
    walk(
        root,
        &start,
        canvas,
        &matched,
        &mut |el, computed, background| {
            let skip = ["head", "script", "style", "template", "noscript", "title"];
            if computed.hidden
                || skip.contains(&el.value().name())
                || el.value().attr("hidden").is_some()
            {
                return;
            }
            let inside = |e: ElementRef<'_>| e.value().id().is_some_and(|id| within.contains(&id));
            if !within.is_empty()
                && !inside(el)
                && !el.ancestors().filter_map(ElementRef::wrap).any(inside)
            {
                return;
            }
            let Some(color) = computed.color else { return };
            let has_text = el
                .children()
                .any(|c| c.value().as_text().is_some_and(|t| !t.trim().is_empty()));
            let mut measure = |what: String, color: Rgba| {
                let ratio = contrast(color.over(background), background);
                if ratio < AA {
                    failures.push(format!(
                        "{label} ({scheme:?}{}): {what}: {} on {} is {ratio:.2}:1",
                        if state.is_empty() {
                            String::new()
                        } else {
                            format!(", :{state}")
                        },
                        color.hex(),
                        background.hex()
                    ));
                }
            };
            if has_text {
                measure(describe(el), color);
            }
            // Generated text: ::before, ::after, list numbers.
            for pseudo in ["before", "after", "marker"] {
                let Some(decls) = matched.pseudo.get(&(key(el), pseudo.to_string())) else {
                    continue;
                };
                let shows_text = pseudo == "marker"
                    || decls.iter().any(|d| {
                        d.3 == "content" && !matches!(d.4.trim(), "none" | "\"\"" | "normal")
                    });
                let own = compute(Some(decls), computed);
                if shows_text && !own.hidden {
                    let color = own.color.unwrap_or(color);
                    measure(format!("{}::{pseudo}", describe(el)), color);
                }
            }
        },
    );
    failures
}

fn walk(
    el: ElementRef<'_>,
    parent: &Computed,
    parent_background: Rgba,
    matched: &Matched,
    visit: &mut dyn FnMut(ElementRef<'_>, &Computed, Rgba),
) {
    let computed = compute(matched.decls.get(&key(el)), parent);
    let background = computed
        .background
        .map_or(parent_background, |b| b.over(parent_background));
    visit(el, &computed, background);
    for child in el.children().filter_map(ElementRef::wrap) {
        walk(child, &computed, background, matched, visit);
    }
}

/// An element as `tag.class "text…"`, to find it again.
fn describe(el: ElementRef<'_>) -> String {
    let classes: String = el.value().classes().map(|c| format!(".{c}")).collect();
    let text: String = el
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let text: String = text.chars().take(40).collect();
    format!("{}{classes} \"{text}\"", el.value().name())
}

/// Every piece of text of a page (or of the elements `within`), light and
/// dark, in every state.
fn check_all(label: &str, html: &Html, rules: &[Rule], within: &[&str]) -> Vec<Failure> {
    let mut failures = Vec::new();
    for scheme in [Scheme::Light, Scheme::Dark] {
        for state in std::iter::once("").chain(STATES.iter().copied()) {
            failures.extend(check_page(html, rules, (scheme, state), label, within));
        }
    }
    failures.sort();
    failures.dedup();
    failures
}

/// The stylesheets a page of the output links, in order.
fn stylesheets(out: &Path, html: &Html) -> Vec<Rule> {
    let mut rules = Vec::new();
    for href in html
        .select(&sel("link[rel=stylesheet]"))
        .filter_map(|l| l.value().attr("href"))
    {
        let name = href.rsplit('/').next().unwrap_or(href);
        let text = std::fs::read_to_string(out.join(name)).unwrap();
        for mut rule in parse_css(&text, name) {
            rule.order += rules.len();
            rules.push(rule);
        }
    }
    rules
}

/// The repository's example site, built into a temporary folder.
fn example_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let root_arg = root.to_str().unwrap();
    let out_arg = out.to_str().unwrap();
    let result = dossier(
        &["build", "--root", root_arg, "--output", out_arg],
        dir.path(),
    );
    assert!(result.status.success(), "{}", stderr(&result));
    (dir, out)
}

/// One page of each kind, and every report.
fn sample_pages(out: &Path) -> Vec<(String, Html)> {
    let mut paths: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html" || e.file_name() == "404.html")
        .map(|e| {
            e.path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    paths.sort();
    let mut kinds: HashMap<String, usize> = HashMap::new();
    paths.retain(|p| {
        let kind = p.split('/').next().unwrap_or("").to_string();
        // Every index and every report (under its year); of the pages of
        // each registry and of tags, two.
        if kind.starts_with("20") || p.matches('/').count() <= 1 {
            return true;
        }
        let n = kinds.entry(kind).or_default();
        *n += 1;
        *n <= 2
    });
    paths
        .into_iter()
        .map(|p| {
            let html = page(&out.join(&p));
            (p, html)
        })
        .collect()
}

/// Measures the pages of a built site, which must show a highlighted code
/// block with a comment (the colour that was too faint).
fn assert_readable(out: &Path) {
    let pages = sample_pages(out);
    assert!(
        pages
            .iter()
            .any(|(_, h)| h.select(&sel("pre.code .hl-comment")).next().is_some()),
        "the site shows a highlighted code block with a comment"
    );
    let mut failures = Vec::new();
    for (label, html) in &pages {
        let rules = stylesheets(out, html);
        failures.extend(check_all(label, html, &rules, &[]));
    }
    assert!(
        failures.is_empty(),
        "{} texts too faint:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_text_of_the_example_site_is_readable_in_light_and_dark_mode() {
    let (_dir, out) = example_site();
    assert_readable(&out);
}

#[test]
fn every_text_of_the_starter_site_is_readable_in_light_and_dark_mode() {
    let dir = tempfile::tempdir().unwrap();
    let out = dossier(&["init", "site"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let out = build_ok(&dir.path().join("site"), &[]);
    assert_readable(&out);
}

/// Every colour `syntax.css` gives, against the background it sits on: the
/// rule's own, else the code block's, in each colour scheme.
fn syntax_failures(css: &str, theme: &str) -> Vec<Failure> {
    let rules = parse_css(css, "syntax.css");
    let mut failures = Vec::new();
    for scheme in [Scheme::Light, Scheme::Dark] {
        let rules: Vec<&Rule> = rules
            .iter()
            .filter(|r| r.schemes.contains(&scheme))
            .collect();
        let value = |r: &Rule, prop: &str| {
            r.decls
                .iter()
                .rev()
                .find(|d| d.0 == prop || (prop == "background-color" && d.0 == "background"))
                .and_then(|d| parse_colour(&d.1))
        };
        let block: Vec<&&Rule> = rules.iter().filter(|r| r.selector == "pre.code").collect();
        let Some(code_bg) = block
            .iter()
            .rev()
            .find_map(|r| value(r, "background-color"))
        else {
            failures.push(format!("{theme} ({scheme:?}): no background for pre.code"));
            continue;
        };
        let code_fg = block.iter().rev().find_map(|r| value(r, "color"));
        for rule in &rules {
            let bg = value(rule, "background-color").map_or(code_bg, |b| b.over(code_bg));
            let Some(fg) = value(rule, "color").or(code_fg) else {
                continue;
            };
            let ratio = contrast(fg.over(bg), bg);
            if ratio < AA {
                failures.push(format!(
                    "{theme} ({scheme:?}): {} {} on {} is {ratio:.2}:1",
                    rule.selector,
                    fg.hex(),
                    bg.hex()
                ));
            }
        }
    }
    failures
}

#[test]
fn every_highlight_theme_gives_readable_code_in_light_and_dark_mode() {
    let themes = [
        "InspiredGitHub",
        "Solarized (dark)",
        "Solarized (light)",
        "base16-eighties.dark",
        "base16-mocha.dark",
        "base16-ocean.dark",
        "base16-ocean.light",
    ];
    let mut failures = Vec::new();
    for theme in themes {
        let dir = site(&[
            (
                "dossier.yaml",
                &format!(
                    "title: T\nbase_url: https://example.com/\nhighlight_theme: \"{theme}\"\n"
                ),
            ),
            (
                "content/a.md",
                "---\ntitle: A\ndate: 2024-01-02\n---\n```python\n# a comment\ndef f(x):\n    return x\n```\n",
            ),
        ]);
        let out = build_ok(dir.path(), &[]);
        let css = std::fs::read_to_string(out.join("syntax.css")).unwrap();
        failures.extend(syntax_failures(&css, theme));
    }
    assert!(
        failures.is_empty(),
        "{} colours too faint:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// What preview.js shows for a citation, and what serve_live.js shows for
/// a broken build, as the scripts build them.
const SCRIPTED: &str = r#"
<div id="cite-preview" class="cite-preview" role="tooltip">
  <p class="cp-title">1. Title</p><p class="cp-by">Author, Publisher</p>
  <p class="cp-meta">2024 · Article</p><p class="cp-locator">Cited at p. 4</p>
  <p class="cp-quote">Quoted words</p>
</div>
<div id="dossier-overlay" role="alertdialog" aria-label="Build errors">
  <h2>The site has errors; this is the last good version underneath</h2>
  <section class="dossier-problem">
    <div class="dossier-message">error[E004]: unknown source `x`</div>
    <div class="dossier-location">--> content/a.md:3:7</div>
    <pre>3 | sources: [x]</pre>
    <div class="dossier-help">help: did you mean `y`?</div>
  </section>
</div>
"#;

/// The overlay's stylesheet, from serve_live.js.
fn overlay_css() -> String {
    let js = include_str!("../../src/serve_live.js");
    let start = js
        .find("const OVERLAY_CSS = `")
        .expect("OVERLAY_CSS in serve_live.js");
    let rest = &js[start + "const OVERLAY_CSS = `".len()..];
    rest[..rest.find('`').unwrap()].to_string()
}

#[test]
fn scripted_popups_and_the_serve_overlay_are_readable_over_any_page() {
    let (_dir, out) = example_site();
    let mut failures = Vec::new();
    for (label, html) in sample_pages(&out)
        .into_iter()
        .filter(|(p, _)| p.starts_with("20"))
        .take(2)
    {
        let mut rules = stylesheets(&out, &html);
        for mut rule in parse_css(&overlay_css(), "serve_live.js") {
            rule.order += rules.len();
            rules.push(rule);
        }
        let text = html
            .html()
            .replace("</body>", &format!("{SCRIPTED}</body>"));
        let html = Html::parse_document(&text);
        failures.extend(check_all(
            &label,
            &html,
            &rules,
            &["cite-preview", "dossier-overlay"],
        ));
    }
    assert!(
        failures.is_empty(),
        "{} texts too faint:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_measure_is_the_wcag_contrast_ratio() {
    let c = |s| parse_colour(s).unwrap();
    assert!((contrast(c("#000"), c("#fff")) - 21.0).abs() < 1e-9);
    // The issue's numbers: a comment on the code background, before.
    assert!((contrast(c("#969896"), c("#f2f0eb")) - 2.55).abs() < 0.01);
    assert_eq!(specificity("a.b:hover > #c::before"), (1, 2, 2));
    assert_eq!(specificity(":not(pre) > code"), (0, 0, 2));
    assert_eq!(
        for_state(".site-nav a:hover", "hover"),
        Some((".site-nav a".into(), None))
    );
    assert_eq!(for_state(".site-nav a:hover", ""), None);
    assert_eq!(
        for_state("sup.cite::before", ""),
        Some(("sup.cite".into(), Some("before".into())))
    );
}
