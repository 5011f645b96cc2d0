//! The theme: templates and static files, from the built-in default theme,
//! a site's `themes/<name>/`, and the site's `templates/` overrides, in that
//! order of precedence (later wins). Template errors become diagnostics that
//! point into the template file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Code, Diagnostic, FileId, Files, Span};
use crate::i18n::Catalogue;

macro_rules! embed {
    ($base:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $base, "/", $name))),)*]
    };
}

/// The default theme's templates, compiled into the binary.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = embed!("templates":
    "base.html",
    "index.html",
    "section.html",
    "report.html",
    "entities.html",
    "entity.html",
    "sources.html",
    "source.html",
    "claims.html",
    "claim.html",
    "tags.html",
    "tag.html",
    "claim_status.html",
    "source_type.html",
    "404.html",
    "search.html",
    "partials/components.html",
    "graph.html",
    "partials/entity-graph.html",
    "timeline.html",
    "timeline_year.html",
    "partials/timeline.html",
    "partials/entity-timeline.html",
);

/// The default theme's static files.
pub const DEFAULT_STATIC: &[(&str, &str)] = embed!("static":
    "preview.js",
    "search.js",
    "style.css",
);

/// Where a static file comes from.
#[derive(Debug, Clone)]
pub enum StaticFile {
    Embedded(&'static str),
    Disk(PathBuf),
}

/// The loaded templates and the list of static files to copy.
pub struct Theme {
    /// The templates, with the filter `t` bound to [`Theme::strings`].
    pub tera: tera::Tera,
    /// The theme's strings in the site's language.
    pub strings: Arc<Catalogue>,
    /// Problems with the strings that do not stop the build (W015).
    pub warnings: Vec<Diagnostic>,
    /// Every template with the file it was read from, so rendering errors
    /// can point into a site's own template.
    pub templates: Vec<Template>,
    /// Output path (relative, `/`-separated) → file.
    pub statics: Vec<(String, StaticFile)>,
}

/// One template of the theme.
pub struct Template {
    /// The name templates and pages call it by (`report.html`).
    pub name: String,
    pub text: String,
    /// The file it was read from; `None` for the built-in default.
    pub file: Option<FileId>,
}

/// Loads the theme for `root`, adding every template read from disk to
/// `files` so errors can point into it, with its strings in `language`.
pub fn load(
    root: &Path,
    theme: &str,
    language: &str,
    files: &mut Files,
) -> Result<Theme, Vec<Diagnostic>> {
    let mut templates: Vec<Template> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, t)| Template {
            name: n.to_string(),
            text: t.to_string(),
            file: None,
        })
        .collect();
    let mut statics: Vec<(String, StaticFile)> = DEFAULT_STATIC
        .iter()
        .map(|(n, t)| (n.to_string(), StaticFile::Embedded(t)))
        .collect();
    let mut diags = Vec::new();

    let theme_dir = root.join("themes").join(theme);
    if theme != "default" && !theme_dir.is_dir() {
        return Err(vec![
            Diagnostic::new(Code::E013, format!("theme `{theme}` not found"))
                .in_file("dossier.yaml")
                .help(format!("create `themes/{theme}/` or set `theme: default`")),
        ]);
    }
    let mut override_from = |dir: PathBuf, files: &mut Files| {
        for (name, path) in list_files(&dir) {
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    let display = path
                        .strip_prefix(root)
                        .unwrap_or(&path)
                        .to_string_lossy()
                        .replace('\\', "/");
                    let id = files.add(display, path.clone(), text.clone());
                    templates.retain(|t| t.name != name);
                    templates.push(Template {
                        name,
                        text,
                        file: Some(id),
                    });
                }
                Err(err) => diags.push(
                    Diagnostic::new(
                        Code::E012,
                        format!("cannot read template {}: {err}", path.display()),
                    )
                    .in_file(path.display().to_string()),
                ),
            }
        }
    };
    override_from(theme_dir.join("templates"), files);
    override_from(root.join("templates"), files);
    for (name, path) in list_files(&theme_dir.join("static")) {
        statics.retain(|(n, _)| *n != name);
        statics.push((name, StaticFile::Disk(path)));
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let mut warnings = Vec::new();
    let strings = Arc::new(Catalogue::load(root, theme, language, files, &mut warnings));
    let unknown = unknown_keys(&templates, &strings, files);
    if !unknown.is_empty() {
        return Err(unknown);
    }

    let mut tera = tera::Tera::new();
    crate::i18n::register_filter(&mut tera, strings.clone());
    // `{{ text | punct(mark=".") }}`: the mark, or nothing when the text
    // already ends with it (see `render::punct_after`).
    tera.register_filter(
        "punct",
        |text: &str, kwargs: tera::Kwargs, _: &tera::State| -> tera::TeraResult<String> {
            let mark = kwargs.get::<&str>("mark")?.unwrap_or(".");
            Ok(crate::text::punct_after(text, mark).to_string())
        },
    );
    let result =
        tera.add_raw_templates(templates.iter().map(|t| (t.name.as_str(), t.text.as_str())));
    if let Err(err) = result {
        return Err(template_errors(&err, &templates, files));
    }
    Ok(Theme {
        tera,
        strings,
        warnings,
        templates,
        statics,
    })
}

impl Theme {
    /// The same templates with their strings in another `language` of a
    /// multilingual site: the filter `t` of a copy of the templates reads
    /// that language's catalogue (a template cannot see which page it
    /// renders, so each language has its own copy). Problems with the
    /// language's strings (W015) go to `warnings`.
    pub fn for_language(
        &self,
        root: &Path,
        theme: &str,
        language: &str,
        files: &mut Files,
        warnings: &mut Vec<Diagnostic>,
    ) -> Theme {
        let strings = Arc::new(Catalogue::load(root, theme, language, files, warnings));
        let mut tera = self.tera.clone();
        crate::i18n::register_filter(&mut tera, strings.clone());
        Theme {
            tera,
            strings,
            warnings: Vec::new(),
            templates: self
                .templates
                .iter()
                .map(|t| Template {
                    name: t.name.clone(),
                    text: t.text.clone(),
                    file: t.file,
                })
                .collect(),
            statics: Vec::new(),
        }
    }
}

/// Every literal key given to `t` in a template that the catalogue does
/// not have, as an E012 at the key (with "did you mean").
fn unknown_keys(templates: &[Template], strings: &Catalogue, files: &Files) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in templates {
        for (key, range) in crate::i18n::literal_keys(&t.text) {
            if strings.has(key) {
                continue;
            }
            let line = t.text[..range.start].matches('\n').count() + 1;
            let line_start = t.text[..range.start].rfind('\n').map_or(0, |i| i + 1);
            let place = Place {
                template: &t.name,
                line,
                column: t.text[line_start..range.start].chars().count(),
                width: key.chars().count().max(1),
                range: Some(range.clone()),
            };
            let help = strings.suggest(key).unwrap_or_else(|| {
                "the keys are those of the built-in en.yaml (docs/themes.md, Strings)".into()
            });
            out.push(at_place(
                Diagnostic::new(
                    Code::E012,
                    format!("template error: unknown string `{key}`"),
                )
                .label("not in the catalogue")
                .help(help),
                &place,
                templates,
                files,
            ));
        }
    }
    out
}

/// Every file under `dir`, as (path relative to `dir` with `/`, full path).
pub fn list_files(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out: Vec<(String, PathBuf)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !is_ignored(e.file_name().to_str().unwrap_or(".")))
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_str()?
                .replace('\\', "/");
            Some((rel, e.path().to_path_buf()))
        })
        .collect();
    out.sort();
    out
}

/// Hidden files and editor leftovers are never content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with('#')
}

/// A Tera error as diagnostics, one per problem, each pointing into the
/// template when it was read from the site. Tera reports several problems
/// of a set of templates (unknown filters, tests, functions) as one text;
/// they are taken apart here so that each gets its own place.
pub fn template_errors(
    err: &tera::Error,
    templates: &[Template],
    files: &Files,
) -> Vec<Diagnostic> {
    let report = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    if let Some(r) = report {
        let span = r.span();
        let place = Place {
            template: r.filename(),
            line: span.start_line,
            column: span.start_col,
            width: 1,
            range: Some(span.range.clone()),
        };
        return vec![at_place(
            Diagnostic::new(Code::E012, format!("template error: {}", r.message())),
            &place,
            templates,
            files,
        )];
    }
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        message = format!("{message}: {cause}");
        source = cause.source();
    }
    let parsed = parse_reports(&message);
    if !parsed.is_empty() {
        return parsed
            .into_iter()
            .map(|(text, place)| {
                at_place(
                    Diagnostic::new(Code::E012, format!("template error: {text}"))
                        .help_opt(unknown_name_help(&text)),
                    &place,
                    templates,
                    files,
                )
            })
            .collect();
    }
    let mut diag = Diagnostic::new(Code::E012, format!("template error: {message}"));
    // Problems of a whole template name it; point at its file.
    let named = match err.kind() {
        tera::ErrorKind::MissingParent { current, .. } => Some(current),
        tera::ErrorKind::CircularExtend { tpl, .. }
        | tera::ErrorKind::CircularInclude { tpl, .. } => Some(tpl),
        _ => None,
    };
    if let Some(name) = named {
        diag = diag.in_file(template_display(name, templates, files));
    }
    vec![diag]
}

/// The first of [`template_errors`], for callers that stop at one.
pub fn template_error(err: &tera::Error, templates: &[Template], files: &Files) -> Diagnostic {
    template_errors(err, templates, files)
        .into_iter()
        .next()
        .unwrap_or_else(|| Diagnostic::new(Code::E012, "template error"))
}

/// A template error found while rendering the page `page` (its output
/// path). The page is kept as the label until [`fold_page_errors`] turns
/// the same problem in many pages into one diagnostic.
pub fn page_error(
    err: &tera::Error,
    templates: &[Template],
    files: &Files,
    page: &str,
) -> Diagnostic {
    template_error(err, templates, files).label(page)
}

/// Folds the rendering errors that [`page_error`] made, page by page, into
/// one diagnostic per problem: a mistake in `base.html` is one mistake,
/// whatever the number of pages built on it. The label says which pages;
/// for an undefined variable or field, the help names the one meant, or
/// what every one of those pages has. Other diagnostics pass unchanged.
pub fn fold_page_errors(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    struct Folded {
        diag: Diagnostic,
        pages: Vec<String>,
        /// What Tera said was available ("variables", "fields"), in every
        /// page so far.
        available: Option<(String, Vec<String>)>,
    }
    let mut out = Vec::new();
    let mut folded: Vec<Folded> = Vec::new();
    for mut d in diags {
        let Some(page) = d.label.take().filter(|_| d.code == Code::E012) else {
            out.push(d);
            continue;
        };
        let (message, available) = split_available(&d.message);
        d.message = message;
        // At one place of a template, one problem: its message may name a
        // value that differs from page to page. Without a place, the
        // message tells problems apart.
        let same = folded.iter_mut().find(|f| match d.span {
            Some(_) => f.diag.span == d.span,
            None => f.diag.file == d.file && f.diag.message == d.message,
        });
        match same {
            Some(f) => {
                // The message shown is the first page's, in page order.
                if page < f.pages[0] {
                    f.diag.message = d.message;
                    f.pages.insert(0, page);
                } else {
                    f.pages.push(page);
                }
                match (&mut f.available, available) {
                    (Some((_, known)), Some((_, here))) => known.retain(|n| here.contains(n)),
                    (known @ None, Some(here)) => *known = Some(here),
                    _ => {}
                }
            }
            None => folded.push(Folded {
                diag: d,
                pages: vec![page],
                available,
            }),
        }
    }
    for mut f in folded {
        let first = &f.pages[0];
        let pages = match f.pages.len() {
            1 => format!("in the page `{first}`"),
            n => format!("in {n} pages, the first `{first}`"),
        };
        if f.diag.span.is_some() {
            f.diag.label = Some(pages);
        } else {
            f.diag.message = format!("{}, {pages}", f.diag.message);
        }
        if let Some((kind, names)) = f.available {
            let wanted = f.diag.message.split('`').nth(1).unwrap_or("");
            // `site_title` for `site.title`: a field written as a name.
            let field = names.iter().find_map(|n| {
                let rest = wanted.strip_prefix(n.as_str())?.strip_prefix('_')?;
                Some(format!("did you mean `{n}.{rest}`?"))
            });
            let help = field
                .or_else(|| crate::diag::suggest(wanted, names.iter().map(String::as_str)))
                .or_else(|| {
                    let have = if f.pages.len() == 1 {
                        "this page has"
                    } else {
                        "these pages have"
                    };
                    (!names.is_empty()).then(|| format!("{kind} that {have}: {}", names.join(", ")))
                })
                .unwrap_or_else(|| format!("these pages have no {kind} in common"));
            f.diag.help = Some(format!(
                "{help} (docs/themes.md lists what each template receives)"
            ));
        }
        out.push(f.diag);
    }
    out
}

/// Tera's built-in filters, tests and functions (dossier adds none), for
/// "did you mean" on an unknown name: Tera does not list them.
const TERA_NAMES: &[(&str, &[&str])] = &[
    (
        "filter",
        &[
            "safe",
            "default",
            "upper",
            "lower",
            "wordcount",
            "escape",
            "escape_html",
            "escape_xml",
            "newlines_to_br",
            "pluralize",
            "trim",
            "trim_start",
            "trim_end",
            "replace",
            "capitalize",
            "title",
            "truncate",
            "indent",
            "str",
            "int",
            "float",
            "length",
            "reverse",
            "split",
            "abs",
            "round",
            "first",
            "last",
            "nth",
            "join",
            "sort",
            "unique",
            "get",
            "values",
            "keys",
            "pairs",
            "group_by",
        ],
    ),
    (
        "test",
        &[
            "string",
            "number",
            "map",
            "bool",
            "array",
            "integer",
            "float",
            "none",
            "iterable",
            "defined",
            "undefined",
            "odd",
            "even",
            "divisible_by",
            "starting_with",
            "ending_with",
            "containing",
        ],
    ),
    ("function", &["range", "throw"]),
];

/// For Tera's "Unknown filter `x`" (or test, function): the name meant,
/// or the names there are.
fn unknown_name_help(message: &str) -> Option<String> {
    let (kind, known) = TERA_NAMES
        .iter()
        .find(|(kind, _)| message.starts_with(&format!("Unknown {kind} `")))?;
    let wanted = message.split('`').nth(1)?;
    Some(
        crate::diag::suggest(wanted, known.iter().copied())
            .unwrap_or_else(|| format!("the {kind}s there are: {}", known.join(", "))),
    )
}

/// Tera's "… is not defined. Available variables: a, b" as the message
/// without the list, and the list, which differs from page to page.
fn split_available(message: &str) -> (String, Option<(String, Vec<String>)>) {
    for kind in ["variables", "fields"] {
        if let Some((head, list)) = message.split_once(&format!(" Available {kind}: ")) {
            let names = list.split(", ").map(|n| n.trim().to_string()).collect();
            let head = head.trim_end_matches('.');
            return (head.to_string(), Some((kind.to_string(), names)));
        }
    }
    (message.to_string(), None)
}

/// Where Tera placed a problem: template name, 1-based line, 0-based
/// column in characters, width in characters.
struct Place<'a> {
    template: &'a str,
    line: usize,
    column: usize,
    width: usize,
    /// The byte range, when Tera gave one.
    range: Option<std::ops::Range<usize>>,
}

/// Problems that Tera gives only as rendered text, in its own
/// `error: …` / `--> name:line:col` / `  | ^^^` shape, taken apart.
fn parse_reports(text: &str) -> Vec<(String, Place<'_>)> {
    let mut out = Vec::new();
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let Some(message) = line.trim_start().strip_prefix("error: ") else {
            continue;
        };
        let Some(arrow) = lines.get(i + 1).and_then(|l| l.trim().strip_prefix("--> ")) else {
            continue;
        };
        let mut parts = arrow.rsplitn(3, ':');
        let (Some(col), Some(line_no), Some(template)) = (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let (Ok(col), Ok(line_no)) = (col.parse::<usize>(), line_no.parse::<usize>()) else {
            continue;
        };
        // The caret line is two lines below the arrow.
        let width = lines
            .get(i + 4)
            .map_or(1, |l| l.matches('^').count().max(1));
        out.push((
            message.to_string(),
            Place {
                template,
                line: line_no,
                column: col.saturating_sub(1),
                width,
                range: None,
            },
        ));
    }
    out
}

/// Points `diag` at `place`: into the file when the template was read from
/// the site, else at the built-in template's name and line.
fn at_place(
    diag: Diagnostic,
    place: &Place<'_>,
    templates: &[Template],
    files: &Files,
) -> Diagnostic {
    match templates.iter().find(|t| t.name == place.template) {
        Some(Template {
            file: Some(file), ..
        }) => {
            let text = &files.get(*file).text;
            if let Some(range) = &place.range {
                let end = range.end.min(text.len());
                return diag.at(Span::new(*file, range.start.min(end)..end));
            }
            let start = byte_offset(text, place.line, place.column);
            let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let end = text[start..line_end]
                .char_indices()
                .nth(place.width)
                .map_or(line_end, |(i, _)| start + i);
            diag.at(Span::new(*file, start..end))
        }
        _ => diag.in_file(format!(
            "{} (built-in default theme), line {}",
            place.template, place.line
        )),
    }
}

/// How a template is named to the user: its file, or the built-in name.
fn template_display(name: &str, templates: &[Template], files: &Files) -> String {
    match templates.iter().find(|t| t.name == name) {
        Some(Template {
            file: Some(file), ..
        }) => files.get(*file).display.clone(),
        _ => format!("{name} (built-in default theme)"),
    }
}

/// The byte offset of a 1-based line and 0-based character column.
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let rest = &text[line_start..];
    let line_len = rest.find('\n').unwrap_or(rest.len());
    rest[..line_len]
        .char_indices()
        .nth(column)
        .map_or(line_start + line_len, |(i, _)| line_start + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_theme_file_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let templates: Vec<String> = list_files(&dir.join("templates"))
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        let embedded: Vec<&str> = DEFAULT_TEMPLATES.iter().map(|(n, _)| *n).collect();
        for t in &templates {
            assert!(
                embedded.contains(&t.as_str()),
                "{t} is not in DEFAULT_TEMPLATES"
            );
        }
        let statics: Vec<String> = list_files(&dir.join("static"))
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        let embedded: Vec<&str> = DEFAULT_STATIC.iter().map(|(n, _)| *n).collect();
        for s in &statics {
            assert!(
                embedded.contains(&s.as_str()),
                "{s} is not in DEFAULT_STATIC"
            );
        }
    }

    #[test]
    fn default_theme_compiles() {
        let dir = tempfile::tempdir().unwrap();
        let mut files = Files::default();
        assert!(load(dir.path(), "default", "en", &mut files).is_ok());
    }

    #[test]
    fn site_template_errors_point_into_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/tag.html"), "ok\n{% if %}\n").unwrap();
        let mut files = Files::default();
        let Err(diags) = load(dir.path(), "default", "en", &mut files) else {
            panic!("expected an error");
        };
        let span = diags[0].span.expect("a span in the template");
        assert_eq!(files.get(span.file).display, "templates/tag.html");
        assert_eq!(files.line_col(span.file, span.start).0, 2);
    }

    #[test]
    fn reports_given_as_text_become_one_diagnostic_each() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(
            dir.path().join("templates/tag.html"),
            "{{ 1 | nope }}\né {{ x is oddd }}\n",
        )
        .unwrap();
        let mut files = Files::default();
        let Err(diags) = load(dir.path(), "default", "en", &mut files) else {
            panic!("expected an error");
        };
        let found: Vec<(String, (usize, usize), &str)> = diags
            .iter()
            .map(|d| {
                let span = d.span.expect("a span");
                let text = &files.get(span.file).text[span.start..span.end];
                (
                    d.message.clone(),
                    files.line_col(span.file, span.start),
                    text,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "template error: Unknown filter `nope`".into(),
                    (1, 8),
                    "nope"
                ),
                (
                    "template error: Unknown test `oddd`".into(),
                    (2, 11),
                    "oddd"
                ),
            ]
        );
        assert_eq!(diags[1].help.as_deref(), Some("did you mean `odd`?"));
    }

    #[test]
    fn the_names_suggested_are_tera_s_own() {
        for (kind, names) in TERA_NAMES {
            for name in *names {
                let source = match *kind {
                    "filter" => format!("{{{{ x | {name} }}}}"),
                    "test" => format!("{{% if x is {name} %}}{{% endif %}}"),
                    _ => format!("{{{{ {name}() }}}}"),
                };
                let mut tera = tera::Tera::new();
                let result = tera.add_raw_template("t", &source);
                assert!(result.is_ok(), "{kind} `{name}`: {result:?}");
            }
        }
    }

    #[test]
    fn page_errors_fold_into_one_per_place() {
        let mut files = Files::default();
        let file = files.add("templates/base.html".into(), "x".into(), "{{ a }}".into());
        let at = |page: &str, message: &str| {
            Diagnostic::new(Code::E012, format!("template error: {message}"))
                .at(Span::new(file, 3..4))
                .label(page)
        };
        let other = Diagnostic::new(Code::W001, "unrelated");
        let folded = fold_page_errors(vec![
            at(
                "b/index.html",
                "Variable `sit` is not defined. Available variables: site, b",
            ),
            other,
            at(
                "a/index.html",
                "Variable `sit` is not defined. Available variables: a, site",
            ),
        ]);
        assert_eq!(folded.len(), 2);
        let d = folded.iter().find(|d| d.code == Code::E012).unwrap();
        assert_eq!(d.message, "template error: Variable `sit` is not defined");
        assert_eq!(
            d.label.as_deref(),
            Some("in 2 pages, the first `a/index.html`")
        );
        assert!(
            d.help
                .as_deref()
                .unwrap()
                .starts_with("did you mean `site`?"),
            "{:?}",
            d.help
        );

        // A value that differs from page to page is still one problem; the
        // message is the first page's. Names no page has in common are said.
        let folded = fold_page_errors(vec![
            at(
                "z/index.html",
                "Field `q` is not defined. Available fields: b",
            ),
            at(
                "c/index.html",
                "Field `q` is not defined. Available fields: a",
            ),
        ]);
        assert_eq!(folded.len(), 1);
        assert_eq!(
            folded[0].help.as_deref(),
            Some(
                "these pages have no fields in common (docs/themes.md lists what each template receives)"
            )
        );
    }
}
