//! The theme: templates and static files, from the built-in default theme,
//! a site's `themes/<name>/`, and the site's `templates/` overrides, in that
//! order of precedence (later wins). Template errors become diagnostics that
//! point into the template file.

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, FileId, Files, Span};

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
    "tags.html",
    "tag.html",
    "404.html",
    "partials/components.html",
);

/// The default theme's static files.
pub const DEFAULT_STATIC: &[(&str, &str)] = embed!("static":
    "preview.js",
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
    pub tera: tera::Tera,
    /// Every template as (name, text, file it was read from), so rendering
    /// errors can point into a site's own template.
    pub templates: Vec<(String, String, Option<FileId>)>,
    /// Output path (relative, `/`-separated) → file.
    pub statics: Vec<(String, StaticFile)>,
}

/// Loads the theme for `root`, adding every template read from disk to
/// `files` so errors can point into it.
pub fn load(root: &Path, theme: &str, files: &mut Files) -> Result<Theme, Vec<Diagnostic>> {
    let mut templates: Vec<(String, String, Option<FileId>)> = DEFAULT_TEMPLATES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string(), None))
        .collect();
    let mut statics: Vec<(String, StaticFile)> = DEFAULT_STATIC
        .iter()
        .map(|(n, t)| (n.to_string(), StaticFile::Embedded(t)))
        .collect();
    let mut diags = Vec::new();

    let theme_dir = root.join("themes").join(theme);
    if theme != "default" && !theme_dir.is_dir() {
        return Err(vec![
            Diagnostic::error("E013", format!("theme `{theme}` not found"))
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
                    templates.retain(|(n, _, _)| *n != name);
                    templates.push((name, text, Some(id)));
                }
                Err(err) => diags.push(
                    Diagnostic::error(
                        "E012",
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

    let mut tera = tera::Tera::new();
    let result = tera.add_raw_templates(templates.iter().map(|(n, t, _)| (n.as_str(), t.as_str())));
    if let Err(err) = result {
        return Err(vec![template_error(&err, &templates, files)]);
    }
    Ok(Theme {
        tera,
        templates,
        statics,
    })
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

/// A Tera error as a diagnostic, pointing into the template when it was
/// read from the site.
pub fn template_error(
    err: &tera::Error,
    templates: &[(String, String, Option<FileId>)],
    files: &Files,
) -> Diagnostic {
    let report = match err.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let message = report.map_or_else(|| err.to_string(), |r| r.message().to_string());
    let mut diag = Diagnostic::error("E012", format!("template error: {message}"));
    if let Some(r) = report {
        let name = r.filename();
        match templates.iter().find(|(n, _, _)| n == name) {
            Some((_, _, Some(file))) => {
                let text = &files.get(*file).text;
                let range = r.span().range.clone();
                let end = range.end.min(text.len());
                diag = diag.at(Span::new(*file, range.start.min(end)..end));
            }
            _ => {
                diag = diag.in_file(format!(
                    "{name} (built-in default theme), line {}",
                    r.span().start_line
                ));
            }
        }
    }
    diag
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
        assert!(load(dir.path(), "default", &mut files).is_ok());
    }

    #[test]
    fn site_template_errors_point_into_the_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/tag.html"), "ok\n{% if %}\n").unwrap();
        let mut files = Files::default();
        let Err(diags) = load(dir.path(), "default", &mut files) else {
            panic!("expected an error");
        };
        let span = diags[0].span.expect("a span in the template");
        assert_eq!(files.get(span.file).display, "templates/tag.html");
        assert_eq!(files.line_col(span.file, span.start).0, 2);
    }
}
