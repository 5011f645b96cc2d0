//! `init` and `new`: files that get an author started.

mod starters;

use std::fs;
use std::path::Path;

use crate::error::{Fatal, IoAction};
use crate::model::url_slug;

const CONFIG: &str = r#"# dossier.yaml: the site's configuration (every key is described in dossier's docs/format.md).
title: My Reports                       # shown on every page
base_url: https://example.org/          # where the site will be published (feeds, sitemap, canonical links)
description: Annotated reports          # one line about the site
language: en                            # <html lang>
theme: default                          # built in; or a folder under themes/
output_dir: public                      # where `dossier build` writes
paginate_by: 20                         # reports per listing page
auto_link_entities: first               # first | all | none
smart_punctuation: false
highlight_theme: InspiredGitHub         # syntax colours for code blocks
claim_statuses: [verified, disputed, misleading, "false", unverified, opinion]
bibliography: refs.bib                  # BibTeX, BibLaTeX, CSL-JSON or CSL-YAML; cite entries by key
citation_style: numbered                # or a CSL style: apa, chicago-author-date, ieee, ... or a .csl file
"#;

const BIBLIOGRAPHY: &str = r#"% Sources as a reference manager (Zotero, JabRef) exports them: each
% entry is a source of the site, cited by its key: [@harbourstudy2023].
@report{harbourstudy2023,
  author      = {Okafor, Ngozi and Lind, Per},
  title       = {Truck Traffic and Port Growth: A Regional Study},
  institution = {Coastal Transport Institute},
  date        = {2023-09-01},
  number      = {TR-17},
  url         = {https://example.org/harbour-study.pdf},
}
"#;

const REPORT: &str = r#"---
title: Harbour expansion approved after a divided council vote
date: 2024-03-14
authors: [Newsroom desk]
summary: The city council approved the harbour expansion; residents dispute the traffic figures.
tags: [city, infrastructure]

entities:
  harbour-authority:                   # defined in content/entities/harbour-authority.md
  city-council:
    name: City Council
    type: organization
    aliases: [the council]

sources:
  council-minutes:                     # defined in content/sources/council-minutes.md
  residents-letter:
    title: Open letter from the Riverside residents' association
    type: official-statement
    date: 2024-03-10

claims:
  vote-passed:
    text: The council approved the expansion by seven votes to six.
    status: verified
    sources: [council-minutes]
    entities: [city-council]
    date: 2024-03-13
  traffic-doubles:
    text: Truck traffic on Riverside Road will double.
    status: disputed
    sources: [residents-letter]
    entities: [harbour-authority]
---

The City Council [approved the harbour expansion by a single vote](claim:vote-passed)
[@council-minutes, p. 4]. The Harbour Authority, which asked for the
expansion, called it overdue.[^1]

![Bar chart: seven council votes for the expansion, six against](vote.svg "How the council voted on 13 March 2024 [Chart: Newsroom desk]")

Residents say [truck traffic will double](claim:traffic-doubles); the council
did not publish its own estimate [@residents-letter; @council-minutes]; a
regional study expects growth of a third [@harbourstudy2023, p. 12].
Read more about [[harbour-authority]], [[harbour-authority|the port's operator]]
or [the authority's plans](entity:harbour-authority).

```yaml
# Code blocks are highlighted: the authority's requested berths.
berths: 4
depth_m: 14.5
```

[^1]: The authority first proposed the expansion in 2019.
"#;

/// The report's chart: a file of its bundle, published beside its page.
const CHART: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="480" height="160" viewBox="0 0 480 160" role="img" aria-labelledby="t">
  <title id="t">Council vote on the harbour expansion: 7 for, 6 against</title>
  <rect width="480" height="160" fill="#fcfcfa"/>
  <g font-family="system-ui, sans-serif" font-size="16" fill="#1c1c1c">
    <text x="16" y="58">For</text>
    <text x="16" y="118">Against</text>
  </g>
  <rect x="96" y="36" width="308" height="32" fill="#1b4f8a"/>
  <rect x="96" y="96" width="264" height="32" fill="#8c3a00"/>
  <g font-family="system-ui, sans-serif" font-size="16" font-weight="bold">
    <text x="412" y="58" fill="#1c1c1c">7</text>
    <text x="368" y="118" fill="#1c1c1c">6</text>
  </g>
</svg>
"##;

const ENTITY: &str = r#"---
name: Harbour Authority
type: organization
aliases: [the authority]
description: The public body that runs the city's port.
---

The Harbour Authority manages the port's berths and its expansion plans.
"#;

const SOURCE: &str = r#"---
title: Minutes of the City Council meeting of 13 March 2024
publisher: City Council
type: official-statement
date: 2024-03-13
---

The official record of the vote.
"#;

/// Creates a new site in `dir` in the language `language` (a BCP 47 tag,
/// `en` by default): dossier.yaml's `language`, and, for a language the
/// default theme has strings for (`es`, `fr`, `pt`, with any region), the
/// example report, entity and source written in it. For any other tag the
/// example content is English and the message ends with a note that the
/// theme's labels stay English until `i18n/<tag>.yaml` gives them.
///
/// Errors: [`Fatal::BadLanguageTag`] for a tag of the wrong shape, before
/// anything is written; [`Fatal::AlreadyASite`], [`Fatal::AlreadyExists`]
/// and I/O errors as for any site.
pub fn init(dir: &Path, language: &str) -> Result<String, Fatal> {
    if !crate::config::is_language_tag(language) {
        return Err(Fatal::BadLanguageTag(language.to_string()));
    }
    if dir.join("dossier.yaml").exists() {
        return Err(Fatal::AlreadyASite(dir.to_path_buf()));
    }
    let starter = starters::for_language(language);
    let config = match starter {
        Some(s) => CONFIG
            .replace("title: My Reports     ", &format!("title: {:<15}", s.title))
            .replace(
                "description: Annotated reports",
                &format!("description: {}", s.description),
            ),
        None => CONFIG.to_string(),
    }
    .replace(
        "language: en                            # <html lang>",
        &format!(
            "{:<40}# <html lang>, dates, the theme's labels",
            format!("language: {language}")
        ),
    );
    let files: Vec<(String, String)> = match starter {
        Some(s) => vec![
            ("dossier.yaml".into(), config),
            (
                "refs.bib".into(),
                BIBLIOGRAPHY
                    .replace(
                        "Truck Traffic and Port Growth: A Regional Study",
                        s.study[0],
                    )
                    .replace("Coastal Transport Institute", s.study[1]),
            ),
            (
                format!("content/{}/index.md", s.report_dir),
                s.report.into(),
            ),
            (
                format!("content/{}/{}", s.report_dir, s.chart_file),
                starters::chart(s.chart),
            ),
            (
                format!("content/entities/{}.md", s.entity.0),
                s.entity.1.into(),
            ),
            (
                format!("content/sources/{}.md", s.source.0),
                s.source.1.into(),
            ),
        ],
        None => vec![
            ("dossier.yaml".into(), config),
            ("refs.bib".into(), BIBLIOGRAPHY.into()),
            // A bundle: the report's folder, with the chart it shows.
            ("content/harbour-expansion/index.md".into(), REPORT.into()),
            ("content/harbour-expansion/vote.svg".into(), CHART.into()),
            (
                "content/entities/harbour-authority.md".into(),
                ENTITY.into(),
            ),
            ("content/sources/council-minutes.md".into(), SOURCE.into()),
        ],
    };
    for (rel, _) in &files {
        let path = dir.join(rel);
        if path.exists() {
            return Err(Fatal::AlreadyExists(path));
        }
    }
    for (rel, text) in &files {
        write(&dir.join(rel), text)?;
    }
    // What a build makes is not the site's source: the output and the
    // image cache (`.dossier-cache/`). A `.gitignore` already there (a
    // site made inside a repository) is left as it is.
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        write(&ignore, "public/\n.dossier-cache/\n")?;
    }
    let here = dir.as_os_str().is_empty() || dir == Path::new(".");
    // A language with no strings of its own shows the theme in English.
    let note = if crate::i18n::Catalogue::ships(language) {
        String::new()
    } else {
        format!(
            "\nnote: the default theme has no strings in `{language}`: its labels are in English \
             unless i18n/{language}.yaml gives them (see docs/themes.md)"
        )
    };
    let message = if here {
        "created a new site here\nnext: dossier serve (live preview), or dossier build".to_string()
    } else {
        format!(
            "created a new site in {}\nnext: cd {} && dossier serve (live preview), or dossier build",
            dir.display(),
            dir.display()
        )
    };
    Ok(message + &note)
}

/// Creates a report skeleton for `title` under `content/[section/]`.
pub fn new_report(root: &Path, title: &str, section: Option<&str>) -> Result<String, Fatal> {
    if !root.join("dossier.yaml").exists() {
        return Err(Fatal::NewOutsideSite {
            root: root.to_path_buf(),
        });
    }
    let slug = url_slug(title);
    if slug.is_empty() {
        return Err(Fatal::EmptySlug);
    }
    let section = section.unwrap_or("").trim_matches('/');
    if section.split('/').any(|p| p == "..") {
        return Err(Fatal::SectionOutside);
    }
    if ["entities", "sources"].contains(&section.split('/').next().unwrap_or("")) {
        return Err(Fatal::SectionIsRegistry);
    }
    let rel = if section.is_empty() {
        format!("content/{slug}.md")
    } else {
        format!("content/{section}/{slug}.md")
    };
    let path = root.join(&rel);
    if path.exists() {
        return Err(Fatal::AlreadyExists(path));
    }
    let today = jiff::ZonedDateTime::now().date();
    let quoted = serde_json::to_string(title).unwrap_or_default();
    let text = format!(
        r#"---
title: {quoted}
date: {today}
# updated: {today}
authors: []
summary: ""                 # one or two sentences for listings and feeds
tags: []
draft: true                 # built only with --drafts until you remove this line

entities: {{}}                # id: {{name: ..., type: person|organization|country|place|event|other}}, or id: (defined elsewhere)
sources: {{}}                 # id: {{title: ..., publisher: ..., date: YYYY-MM-DD, url: https://..., type: article}}
claims: {{}}                  # id: {{text: ..., status: verified, sources: [id], entities: [id]}}

# In the text below (these comments are never published):
#   cite a source         [@source-id] or [@source-id, p. 4]
#   mark a claim          [the words](claim:claim-id) [@source-id]
#   link an entity        [[entity-id]] or [[entity-id|other words]]
#   add a note            [^1], and a line "[^1]: The note." at the end
---

Write the report here.
"#
    );
    write(&path, &text)?;
    Ok(format!(
        "created {} (a draft: `dossier serve --drafts` shows it; remove `draft: true` to publish it)",
        path.display()
    ))
}

fn write(path: &Path, text: &str) -> Result<(), Fatal> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(Fatal::at(IoAction::Create, parent))?;
    }
    fs::write(path, text).map_err(Fatal::at(IoAction::Write, path))
}
