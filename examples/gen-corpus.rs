//! Generates a synthetic dossier site for benchmarks, and optionally the same
//! corpus as a Hugo site.
//!
//! ```text
//! cargo run --release --example gen-corpus -- N DIR [--hugo DIR2] [--seed S] [--words W]
//! ```
//!
//! - `N`: number of reports.
//! - `DIR`: the dossier site to write (dossier.yaml, content/).
//! - `--hugo DIR2`: also write the same reports as a Hugo site (hugo.toml,
//!   content/, layouts/, static/); entities, sources and tags are taxonomies,
//!   citations are Markdown footnotes.
//! - `--seed S`: PRNG seed (default 1). The output is a pure function of
//!   N, the seed and the word target: the same arguments give the same bytes.
//! - `--words W`: target words per report body (default 1000).
//!
//! The dossier site has `max(50, N/10)` entities in `content/entities/`
//! (all six types, one or two aliases each, Zipf-like popularity: the top
//! five are listed by most reports), `max(20, N/2)` sources in
//! `content/sources/`, and N reports in year sections `content/<year>/`
//! (each with `_index.md`). Every report lists 5-15 entities and 4-10
//! sources as references, defines 2-4 claims (ids `r<number>-<k>`), and has
//! a body of about W words with citations (`[@a]`, `[@a, p. 12]`,
//! `[@a; @b]`), claim spans, entity links of the three kinds, automatic
//! mentions by name and alias, two notes, headings, a table in every fourth
//! report and a code block in every tenth. Every listed entity is named and
//! every listed source cited in the body, every entity and source is used by
//! some report (when N >= 50), and no report names an entity it does not
//! list, so `dossier check` finds no errors and no warnings.
//!
//! A directory that exists, is not empty and was not written by this program
//! (no `.gen-corpus` marker file) is refused; one that was is replaced.
//!
//! Only the standard library is used; the PRNG is splitmix64.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// ---------------------------------------------------------------------------
// PRNG

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, good enough here.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        let mut r = Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B);
        r.next();
        r
    }
    /// An independent stream for item `index` of kind `salt`.
    fn derive(seed: u64, salt: u64, index: u64) -> Self {
        Rng::new(
            seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
                ^ salt.wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
                ^ index.wrapping_mul(0x1656_67B1_9E37_79F9),
        )
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0); the modulo bias is negligible for our n.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

/// Cumulative Zipf weights `1/(rank+1)^s` over `n` ranks, for sampling.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Self {
        let mut total = 0.0;
        let cumulative = (0..n)
            .map(|r| {
                total += 1.0 / ((r + 1) as f64).powf(s);
                total
            })
            .collect();
        Zipf { cumulative }
    }
    fn sample(&self, rng: &mut Rng) -> usize {
        let total = *self.cumulative.last().unwrap();
        let x = rng.unit() * total;
        self.cumulative
            .partition_point(|&c| c <= x)
            .min(self.cumulative.len() - 1)
    }
}

// ---------------------------------------------------------------------------
// Vocabulary

const ONSETS: &[&str] = &[
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "gr", "kr",
    "st", "tr",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ou"];
const FIRST_NAMES: &[&str] = &[
    "Ana", "Tomás", "Lucía", "Daniel", "Marta", "Idris", "Sofia", "Kwame", "Elena", "Jonas",
    "Amara", "Pablo", "Nadia", "Oskar", "Leila", "Rafael", "Ines", "Viktor", "Yara", "Samuel",
    "Carmen", "Hugo", "Zainab", "Mateo", "Irene", "Farid", "Olga", "Bruno", "Noor", "Teresa",
];
const PERSON_TITLES: &[&str] = &[
    "Minister", "Senator", "General", "Judge", "Mayor", "Governor",
];
const ORG_KINDS: &[&str] = &[
    "Foundation",
    "Institute",
    "Holdings",
    "Party",
    "Commission",
    "Federation",
    "Bank",
    "Union",
    "Council",
    "Group",
];
const PLACE_FORMS: &[&str] = &["Port {}", "{} Valley", "Lake {}", "{} Heights", "San {}"];
const EVENT_FORMS: &[&str] = &[
    "{} Summit",
    "{} Accord",
    "{} Strike",
    "{} Floods",
    "{} Trial",
];
const OTHER_FORMS: &[&str] = &["{} Protocol", "{} Programme", "{} Pipeline", "{} Fund"];
const ENTITY_TYPES: &[(&str, u32)] = &[
    ("person", 40),
    ("organization", 25),
    ("country", 10),
    ("place", 10),
    ("event", 8),
    ("other", 7),
];
const SOURCE_TYPES: &[&str] = &[
    "article",
    "report",
    "official-statement",
    "speech",
    "social-media",
    "interview",
    "dataset",
    "court-record",
    "book",
    "other",
];
const PUBLISHERS: &[&str] = &[
    "The Daily Ledger",
    "Northern Courier",
    "Ministry of Finance",
    "Office of the Ombudsman",
    "National Statistics Bureau",
    "Harbour Times",
    "Radio Meridian",
    "Open Budget Watch",
    "Centre for Public Integrity",
    "The Evening Standard-Bearer",
    "Supreme Court Registry",
    "Coastal Review",
    "Federal Audit Office",
    "Monitor Weekly",
    "Agency for Development",
    "The Quarterly Observer",
    "Civic Data Lab",
    "Parliamentary Record",
    "Global Wire",
    "Regional Assembly Press Office",
];
const AUTHORS: &[&str] = &[
    "Field desk",
    "Investigations team",
    "M. Okafor",
    "L. Brandt",
    "R. Haddad",
    "S. Ivanova",
    "J. Moreno",
    "A. Lindqvist",
    "K. Mensah",
    "P. Duarte",
    "T. Nakamura",
    "Data desk",
];
const TAGS: &[&str] = &[
    "corruption",
    "procurement",
    "elections",
    "migration",
    "health",
    "environment",
    "mining",
    "energy",
    "housing",
    "courts",
    "policing",
    "budget",
    "trade",
    "labour",
    "education",
    "water",
    "transport",
    "media",
    "human-rights",
    "land",
    "fisheries",
    "agriculture",
    "defence",
    "diplomacy",
    "banking",
    "tax",
    "infrastructure",
    "telecoms",
    "pensions",
    "aid",
];
const STATUSES: &[(&str, u32)] = &[
    ("verified", 35),
    ("disputed", 15),
    ("misleading", 15),
    ("false", 10),
    ("unverified", 15),
    ("opinion", 10),
];
const NOUNS: &[&str] = &[
    "contract",
    "budget",
    "tender",
    "audit",
    "inquiry",
    "licence",
    "subsidy",
    "loan",
    "permit",
    "agreement",
    "programme",
    "reform",
    "report",
    "payment",
    "transfer",
    "concession",
    "survey",
    "investigation",
    "decree",
    "settlement",
    "shipment",
    "project",
    "grant",
    "complaint",
];
const NOUNS_PL: &[&str] = &[
    "contracts",
    "payments",
    "households",
    "workers",
    "permits",
    "documents",
    "invoices",
    "complaints",
    "shipments",
    "hectares",
    "vessels",
    "families",
    "companies",
    "schools",
    "clinics",
    "officials",
    "witnesses",
    "transfers",
];
const ADJS: &[&str] = &[
    "disputed",
    "public",
    "annual",
    "confidential",
    "regional",
    "unpublished",
    "revised",
    "provisional",
    "controversial",
    "official",
    "internal",
    "delayed",
    "independent",
    "national",
    "municipal",
    "emergency",
    "formal",
    "preliminary",
];
const VERBS: &[&str] = &[
    "approved",
    "signed",
    "rejected",
    "questioned",
    "published",
    "suspended",
    "extended",
    "defended",
    "audited",
    "challenged",
    "announced",
    "postponed",
    "reviewed",
    "cancelled",
    "financed",
    "negotiated",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const HEADINGS: &[&str] = &[
    "Background",
    "What the records show",
    "The money trail",
    "Reactions",
    "Timeline",
    "Methodology",
    "What remains unclear",
    "The official response",
    "The figures",
    "Context",
    "On the ground",
    "The paperwork",
    "Who benefited",
    "Earlier warnings",
    "What comes next",
    "The contracts",
    "Voices from the region",
];
const KIND_WORDS: &[(&str, &str)] = &[
    ("person", "the official"),
    ("organization", "the organisation"),
    ("country", "the country"),
    ("place", "the town"),
    ("event", "the event"),
    ("other", "the scheme"),
];

/// Sentence templates. `{E}`/`{F}`: entity mentions; `{n}`, `{N}`, `{a}`,
/// `{v}`, `{m}`, `{y}`, `{k}`, `{p}`: noun, plural noun, adjective, verb,
/// month, year, a count, a percentage.
const SENTENCES: &[&str] = &[
    "{E} {v} the {a} {n} in {m} {y}",
    "According to people familiar with the matter, {E} had {v} {k} {N} by {m} {y}",
    "Officials close to {E} declined to comment on the {n}",
    "The {n} was {v} after {E} met representatives of {F}",
    "Figures seen by reporters suggest that the {n} grew by {p} per cent over {k} months",
    "Critics argue that the {n} remains {a} and poorly documented",
    "In {m} {y}, {E} announced a review of the {a} {n}",
    "Neither {E} nor {F} answered written questions about the {n}",
    "The {a} {n} covered {k} {N}, most of them in the north",
    "A spokesperson for {E} said the {n} had followed every rule",
    "Documents show that {k} {N} were listed twice in the {a} register",
    "Residents said they learned of the {n} only when work began",
    "The {n} was worth about {k} million, {p} per cent more than first announced",
    "{E} has repeatedly denied any wrongdoing in connection with the {n}",
    "Two former employees described the {n} as rushed and {a}",
    "By the end of {y}, the {a} {n} had still not been published",
    "The same {N} appear in an earlier {n} signed by {E}",
    "It is not clear who authorised the {n} or when",
    "{E} later {v} a second {n}, this time with {F}",
    "Lawyers for {E} said the {n} was lawful and properly recorded",
    "Local reporters first raised questions about the {n} in {m} {y}",
    "The {a} {n} does not mention {F} at all",
    "Several {N} were never delivered, according to the {a} audit",
    "{E} described the {n} as a routine matter",
    "Observers noted that the {n} was {v} within days of the vote",
    "A {a} summary lists {k} {N} and a total of {p} per cent in fees",
];

fn weighted<'a>(rng: &mut Rng, items: &'a [(&'a str, u32)]) -> &'a str {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.below(total as usize) as u32;
    for (item, w) in items {
        if x < *w {
            return item;
        }
        x -= w;
    }
    items[0].0
}

/// Lowercase ASCII id from a name: accents folded, other characters as `-`.
fn slug(text: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in text.chars() {
        let c = match c {
            'á' | 'à' | 'â' | 'ä' | 'Á' => 'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' => 'e',
            'í' | 'ì' | 'î' | 'ï' | 'Í' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'Ó' => 'o',
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// A YAML double-quoted scalar.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A capitalised pseudo-word unique to `index` (three syllables, a bijection
/// of the index so that neighbours look unrelated).
fn word(index: usize) -> String {
    let base = ONSETS.len() * VOWELS.len();
    let space = base * base * base;
    let mut x = (index as u128 * 1_000_003 % space as u128) as usize;
    let mut w = String::new();
    for _ in 0..3 {
        let s = x % base;
        x /= base;
        w.push_str(ONSETS[s / VOWELS.len()]);
        w.push_str(VOWELS[s % VOWELS.len()]);
    }
    capitalize(&w)
}

/// Days since 1970-01-01 to (year, month, day) (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn ymd(days: i64) -> String {
    let (y, m, d) = civil(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// 2015-01-01 as days since the epoch; reports span ten years from there.
const START_DAY: i64 = 16_436;
const SPAN_DAYS: i64 = 3_652;

// ---------------------------------------------------------------------------
// The corpus

struct Entity {
    id: String,
    name: String,
    kind: &'static str,
    aliases: Vec<String>,
    description: String,
    wikidata: Option<String>,
    body: String,
}

struct Source {
    id: String,
    title: String,
    publisher: String,
    author: Option<String>,
    date: String,
    url: String,
    archive_url: Option<String>,
    kind: &'static str,
    accessed: Option<String>,
    quote: Option<String>,
    body: String,
}

struct Claim {
    id: String,
    text: String,
    span: String,
    status: &'static str,
    sources: Vec<usize>,
    entities: Vec<usize>,
    date: Option<String>,
    note: Option<String>,
}

enum LinkForm {
    /// `[[id]]`
    Bare,
    /// `[[id|text]]`
    Piped(String),
    /// `[text](entity:id)`
    Markdown(String),
}

/// A piece of a body, rendered differently for dossier and for Hugo.
enum Seg {
    Text(String),
    /// A plain-text mention of an entity: the name or alias used.
    Mention(String),
    Link(usize, LinkForm),
    /// Citation items: (source, locator).
    Cite(Vec<(usize, Option<String>)>),
    /// Claim span: index into the report's claims.
    Claim(usize),
    /// Note reference `[^k]`.
    Note(usize),
}

struct Report {
    year: i64,
    slug: String,
    title: String,
    date: String,
    updated: Option<String>,
    summary: String,
    authors: Vec<&'static str>,
    tags: Vec<&'static str>,
    entities: Vec<usize>,
    sources: Vec<usize>,
    claims: Vec<Claim>,
    body: Vec<Seg>,
    notes: Vec<Vec<Seg>>,
}

struct Corpus {
    entities: Vec<Entity>,
    sources: Vec<Source>,
    reports: Vec<Report>,
}

fn make_entities(seed: u64, count: usize, vocabulary: &HashSet<String>) -> Vec<Entity> {
    let mut out = Vec::with_capacity(count);
    let mut next_word = 0usize;
    let mut used_ids = HashSet::new();
    for i in 0..count {
        let mut rng = Rng::derive(seed, 1, i as u64);
        let w = loop {
            let w = word(next_word);
            next_word += 1;
            if !vocabulary.contains(&w) {
                break w;
            }
        };
        let kind = weighted(&mut rng, ENTITY_TYPES);
        let (name, mut aliases) = match kind {
            "person" => {
                let first = rng.pick(FIRST_NAMES);
                let title = rng.pick(PERSON_TITLES);
                (
                    format!("{first} {w}"),
                    vec![w.clone(), format!("{title} {w}")],
                )
            }
            "organization" => {
                let k = rng.pick(ORG_KINDS);
                (
                    format!("{w} {k}"),
                    vec![w.clone(), format!("{w} {}", k.to_lowercase())],
                )
            }
            "country" => (format!("{w}ia"), vec![format!("Republic of {w}ia")]),
            "place" => {
                let form = rng.pick(PLACE_FORMS);
                (form.replace("{}", &w), vec![w.clone()])
            }
            "event" => {
                let form = rng.pick(EVENT_FORMS);
                (
                    form.replace("{}", &w),
                    vec![format!("{w} talks"), format!("{w} affair")],
                )
            }
            _ => {
                let form = rng.pick(OTHER_FORMS);
                (form.replace("{}", &w), vec![format!("{w} scheme")])
            }
        };
        aliases.truncate(rng.range(1, aliases.len().min(2)));
        let id = slug(&name);
        assert!(used_ids.insert(id.clone()), "duplicate entity id {id}");
        let description = format!(
            "A {} that appears in {} {} of the generated corpus.",
            kind,
            rng.pick(ADJS),
            rng.pick(NOUNS_PL)
        );
        let wikidata = rng
            .chance(0.3)
            .then(|| format!("https://www.wikidata.org/wiki/Q{}", 100_000 + i));
        let body = format!(
            "{name} is a fictional {kind}. Its name first appeared in the {} {} of {}.\n\nThis profile \
             is generated; the reports that list it are below.\n",
            rng.pick(ADJS),
            rng.pick(NOUNS),
            2005 + rng.below(10)
        );
        out.push(Entity {
            id,
            name,
            kind,
            aliases,
            description,
            wikidata,
            body,
        });
    }
    out
}

fn make_sources(seed: u64, count: usize, first_word: usize) -> Vec<Source> {
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let mut rng = Rng::derive(seed, 2, i as u64);
        let w = word(first_word + i);
        let kind = *rng.pick(SOURCE_TYPES);
        let publisher = rng.pick(PUBLISHERS).to_string();
        let noun = rng.pick(NOUNS);
        let title = match kind {
            "article" => format!(
                "{} {} raises questions in {w}",
                capitalize(pick_str(&mut rng, ADJS)),
                noun
            ),
            "report" => format!("Report on the {w} {noun}"),
            "official-statement" => format!("Statement on the {} {noun} in {w}", rng.pick(ADJS)),
            "speech" => format!("Address on the {w} {noun}"),
            "social-media" => format!("Post about the {w} {noun}"),
            "interview" => format!("Interview: the {w} {noun} explained"),
            "dataset" => format!("{w} {noun} register, {}", 2014 + rng.below(11)),
            "court-record" => format!("Ruling in the {w} {noun} case"),
            "book" => format!("The {w} Years: A History of the {}", capitalize(noun)),
            _ => format!("Notes on the {w} {noun}"),
        };
        let id = format!("{}-{}", slug(&w), kind.split('-').next().unwrap());
        let date_days = START_DAY - 365 + rng.below((SPAN_DAYS + 365) as usize) as i64;
        let date = ymd(date_days);
        let url = format!("https://example.org/sources/{id}");
        let archive_url = rng
            .chance(0.4)
            .then(|| format!("https://web.archive.org/web/2024/https://example.org/sources/{id}"));
        let author = rng.chance(0.5).then(|| rng.pick(AUTHORS).to_string());
        let accessed = rng
            .chance(0.5)
            .then(|| ymd(date_days + 30 + rng.below(300) as i64));
        let quote = rng.chance(0.3).then(|| {
            format!(
                "The {} {} was {} without a public hearing.",
                rng.pick(ADJS),
                noun,
                rng.pick(VERBS)
            )
        });
        let body = format!(
            "A generated {kind} published by {publisher}. It is cited by the reports listed below.\n"
        );
        out.push(Source {
            id,
            title,
            publisher,
            author,
            date,
            url,
            archive_url,
            kind,
            accessed,
            quote,
            body,
        });
    }
    out
}

/// Picks `k` distinct items: the `forced` ones, then the top five with high
/// probability (entities only), then Zipf draws.
fn choose(
    rng: &mut Rng,
    k: usize,
    forced: &[usize],
    top: &[f64],
    zipf: &Zipf,
    offset: usize,
) -> Vec<usize> {
    let mut chosen: Vec<usize> = Vec::new();
    for (rank, p) in top.iter().enumerate() {
        if rng.chance(*p) {
            chosen.push(rank);
        }
    }
    for &f in forced {
        if !chosen.contains(&f) {
            chosen.push(f);
        }
    }
    let mut tries = 0;
    while chosen.len() < k && tries < 1000 {
        tries += 1;
        let c = offset + zipf.sample(rng);
        if !chosen.contains(&c) {
            chosen.push(c);
        }
    }
    rng.shuffle(&mut chosen);
    chosen
}

/// Builds one report's body and claims.
struct BodyWriter<'a> {
    rng: Rng,
    entities: &'a [Entity],
    listed_e: Vec<usize>,
    listed_s: Vec<usize>,
    /// Entities and sources still to be named / cited at least once.
    todo_e: Vec<usize>,
    todo_s: Vec<usize>,
    segs: Vec<Seg>,
    words: usize,
}

impl BodyWriter<'_> {
    fn text(&mut self, s: &str) {
        self.words += s.split_whitespace().count();
        if let Some(Seg::Text(t)) = self.segs.last_mut() {
            t.push_str(s);
        } else {
            self.segs.push(Seg::Text(s.to_string()));
        }
    }

    fn next_entity(&mut self) -> usize {
        if let Some(e) = self.todo_e.pop() {
            e
        } else {
            *self.rng.pick(&self.listed_e)
        }
    }

    fn next_source(&mut self) -> usize {
        if let Some(s) = self.todo_s.pop() {
            s
        } else {
            *self.rng.pick(&self.listed_s)
        }
    }

    fn mention(&mut self, e: usize) {
        let ent = &self.entities[e];
        let surface = if self.rng.chance(0.5) {
            ent.name.clone()
        } else {
            self.rng.pick(&ent.aliases).clone()
        };
        self.words += surface.split_whitespace().count();
        self.segs.push(Seg::Mention(surface));
    }

    fn locator(&mut self) -> String {
        let n = self.rng.range(1, 240);
        match self.rng.below(5) {
            0 => format!("p. {n}"),
            1 => format!("pp. {n}-{}", n + self.rng.range(1, 6)),
            2 => format!("para. {}", self.rng.range(1, 60)),
            3 => format!("table {}", self.rng.range(1, 12)),
            _ => format!("{:02}:{:02}", self.rng.below(60), self.rng.below(60)),
        }
    }

    fn citation(&mut self) {
        let first = self.next_source();
        let mut items = vec![(first, self.rng.chance(0.4).then(|| self.locator()))];
        if self.listed_s.len() > 1 && self.rng.chance(0.25) {
            let mut second = self.next_source();
            if second == first {
                second = *self.listed_s.iter().find(|&&s| s != first).unwrap();
            }
            items.push((second, self.rng.chance(0.3).then(|| self.locator())));
        }
        self.text(" ");
        self.segs.push(Seg::Cite(items));
    }

    /// One sentence, ending with ". " (or with a citation and ". ").
    fn sentence(&mut self, cite_p: f64) {
        let template = *self.rng.pick(SENTENCES);
        let mut rest = template;
        let mut first_entity = None;
        while let Some(open) = rest.find('{') {
            let (before, after) = rest.split_at(open);
            if !before.is_empty() {
                self.text(before);
            }
            let key = &after[1..2];
            rest = &after[3..];
            match key {
                "E" => {
                    let e = self.next_entity();
                    first_entity = Some(e);
                    self.mention(e);
                }
                "F" => {
                    let mut e = self.next_entity();
                    if Some(e) == first_entity {
                        e = *self
                            .listed_e
                            .iter()
                            .find(|&&x| Some(x) != first_entity)
                            .unwrap();
                    }
                    self.mention(e);
                }
                "n" => {
                    let w = self.rng.pick(NOUNS).to_string();
                    self.text(&w)
                }
                "N" => {
                    let w = self.rng.pick(NOUNS_PL).to_string();
                    self.text(&w)
                }
                "a" => {
                    let w = self.rng.pick(ADJS).to_string();
                    self.text(&w)
                }
                "v" => {
                    let w = self.rng.pick(VERBS).to_string();
                    self.text(&w)
                }
                "m" => {
                    let w = self.rng.pick(MONTHS).to_string();
                    self.text(&w)
                }
                "y" => {
                    let y = (2010 + self.rng.below(15)).to_string();
                    self.text(&y)
                }
                "k" => {
                    let k = self.rng.range(2, 950).to_string();
                    self.text(&k)
                }
                "p" => {
                    let p = format!("{}.{}", self.rng.range(1, 80), self.rng.below(10));
                    self.text(&p)
                }
                other => panic!("unknown template key {other}"),
            }
        }
        if !rest.is_empty() {
            self.text(rest);
        }
        if !self.todo_s.is_empty() || self.rng.chance(cite_p) {
            self.citation();
        }
        self.text(". ");
    }

    fn claim_sentence(&mut self, claim: usize) {
        let lead = *self.rng.pick(&[
            "The records support a simple finding: ",
            "Our review found that ",
            "It has been claimed that ",
            "Supporters of the plan say that ",
            "One widely shared post said that ",
            "The central allegation is that ",
        ]);
        self.text(lead);
        self.words += 6;
        self.segs.push(Seg::Claim(claim));
        self.text(". ");
    }

    fn entity_link(&mut self) {
        let e = self.next_entity();
        let kind = self.entities[e].kind;
        let word = KIND_WORDS
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or("it", |(_, w)| w);
        let form = match self.rng.below(3) {
            0 => LinkForm::Bare,
            1 => LinkForm::Piped(word.to_string()),
            _ => LinkForm::Markdown(word.to_string()),
        };
        let (lead, tail) = *self.rng.pick(&[
            ("For background, see our profile of ", ". "),
            ("Our profile of ", " is kept up to date. "),
            ("Much of this concerns ", " directly. "),
        ]);
        self.text(lead);
        self.segs.push(Seg::Link(e, form));
        self.words += 2;
        self.text(tail);
    }
}

#[allow(clippy::too_many_arguments)] // one call site; a struct would only rename them
fn make_report(
    seed: u64,
    j: usize,
    n: usize,
    width: usize,
    entities: &[Entity],
    sources: &[Source],
    zipf_e: &Zipf,
    zipf_s: &Zipf,
    words_target: usize,
) -> Report {
    let mut rng = Rng::derive(seed, 3, j as u64);
    let days = START_DAY + (j as i64 * SPAN_DAYS) / n.max(1) as i64;
    let date = ymd(days);
    let year = civil(days).0;
    let slug = format!("report-{j:0width$}");

    // Entities: the top five often, one round-robin entity (so that every
    // entity is used), the rest by Zipf draws from rank 5 on.
    let ne = entities.len();
    let forced_e: Vec<usize> = (j..ne).step_by(n.max(1)).collect();
    let k = rng.range(5, 15);
    let top = [0.92, 0.86, 0.8, 0.74, 0.68];
    let listed_e = choose(&mut rng, k, &forced_e, &top[..ne.min(5)], zipf_e, 5.min(ne));

    let ns = sources.len();
    let forced_s: Vec<usize> = (j % ns..ns).step_by(n.max(1)).collect();
    let k = rng.range(4, 10);
    let listed_s = choose(&mut rng, k, &forced_s, &[], zipf_s, 0);

    // Claims.
    let nclaims = rng.range(2, 4);
    let mut claims = Vec::new();
    for c in 0..nclaims {
        let mut ents = listed_e.clone();
        rng.shuffle(&mut ents);
        ents.truncate(rng.range(1, 2));
        let mut srcs = listed_s.clone();
        rng.shuffle(&mut srcs);
        srcs.truncate(rng.range(1, 2));
        let e0 = &entities[ents[0]].name;
        let verb = rng.pick(VERBS);
        let adj = rng.pick(ADJS);
        let noun = rng.pick(NOUNS);
        let y = 2010 + rng.below(15);
        let text = format!("{e0} {verb} the {adj} {noun} in {y}.");
        let span = format!(
            "{} {verb} the {adj} {noun}",
            KIND_WORDS
                .iter()
                .find(|(k, _)| *k == entities[ents[0]].kind)
                .map_or("it", |(_, w)| w)
        );
        claims.push(Claim {
            id: format!("r{j:0width$}-{}", c + 1),
            text,
            span,
            status: weighted(&mut rng, STATUSES),
            sources: srcs,
            entities: ents,
            date: rng
                .chance(0.6)
                .then(|| ymd(days - rng.range(1, 400) as i64)),
            note: rng.chance(0.3).then(|| {
                format!(
                    "Based on the {} {} and two interviews.",
                    rng.pick(ADJS),
                    rng.pick(NOUNS)
                )
            }),
        });
    }

    let mut todo_e = listed_e.clone();
    rng.shuffle(&mut todo_e);
    let mut todo_s = listed_s.clone();
    rng.shuffle(&mut todo_s);
    let mut w = BodyWriter {
        rng: Rng::derive(seed, 4, j as u64),
        entities,
        listed_e: listed_e.clone(),
        listed_s: listed_s.clone(),
        todo_e,
        todo_s,
        segs: Vec::new(),
        words: 0,
    };
    let target = words_target * 9 / 10 + rng.below(words_target / 5 + 1);
    let has_table = j.is_multiple_of(4);
    let has_code = j % 10 == 3;
    // Now and then a claim that no span marks (it is still listed).
    let unmarked = usize::from(nclaims > 2 && rng.chance(0.2));
    let mut claim_queue: Vec<usize> = (unmarked..nclaims).collect();
    let mut headings: Vec<&str> = HEADINGS.to_vec();
    w.rng.shuffle(&mut headings);
    let mut paragraph = 0usize;
    let mut notes_placed = 0usize;
    let mut links = rng.range(2, 4);
    let mut placed_table = false;
    let mut placed_code = false;
    while w.words < target || !w.todo_e.is_empty() || !claim_queue.is_empty() || notes_placed < 2 {
        if paragraph > 0 && paragraph % 3 == 1 {
            let h = headings.pop().unwrap_or("More");
            w.text("## ");
            if w.rng.chance(0.2) {
                let e = *w.rng.pick(&listed_e);
                w.mention(e);
                w.text(": ");
                w.text(&h.to_lowercase());
            } else {
                w.text(h);
            }
            w.text("\n\n");
        }
        let sentences = w.rng.range(3, 6);
        for s in 0..sentences {
            w.sentence(0.3);
            if s == 1 && !claim_queue.is_empty() && w.rng.chance(0.6) {
                let c = claim_queue.remove(0);
                w.claim_sentence(c);
            }
            if s == 2 && links > 0 && w.rng.chance(0.5) {
                links -= 1;
                w.entity_link();
            }
            if notes_placed < 2 && paragraph > 2 * notes_placed && s == 0 {
                notes_placed += 1;
                // Before the ". " that ends the sentence.
                if let Some(Seg::Text(t)) = w.segs.last_mut()
                    && t.ends_with(". ")
                {
                    t.truncate(t.len() - 2);
                }
                w.text(".");
                w.segs.push(Seg::Note(notes_placed));
                w.text(" ");
            }
        }
        if j > 0 && paragraph == 2 {
            let prev_year = civil(START_DAY + ((j - 1) as i64 * SPAN_DAYS) / n as i64).0;
            if prev_year == year {
                w.text(&format!(
                    "This follows [our previous report](../report-{:0width$}/). ",
                    j - 1
                ));
            }
        }
        // End the paragraph.
        if let Some(Seg::Text(t)) = w.segs.last_mut() {
            while t.ends_with(' ') {
                t.pop();
            }
        }
        w.text("\n\n");
        paragraph += 1;
        if has_table && !placed_table && paragraph == 3 {
            placed_table = true;
            w.text("| Actor | Year | Amount | Change |\n| --- | ---: | ---: | ---: |\n");
            for _ in 0..w.rng.range(3, 6) {
                w.text("| ");
                let e = *w.rng.pick(&listed_e);
                w.mention(e);
                let row = format!(
                    " | {} | {},{:03} | {:+}.{}% |\n",
                    2012 + w.rng.below(13),
                    w.rng.range(1, 99),
                    w.rng.below(1000),
                    w.rng.range(0, 40) as i64 - 20,
                    w.rng.below(10)
                );
                w.text(&row);
            }
            w.text("\n");
        }
        if has_code && !placed_code && paragraph == 5 {
            placed_code = true;
            let code = if j % 20 == 3 {
                format!(
                    "```python\nimport csv\n\n\ndef load(path):\n    \"\"\"Rows of the register from {y} on.\"\"\"\n    with open(path, newline=\"\") as f:\n        return [r for r in csv.DictReader(f) if int(r[\"year\"]) >= {y}]\n\n\nrows = load(\"{slug}.csv\")\ntotal = sum(float(r[\"amount\"]) for r in rows)\nprint(f\"{{len(rows)}} rows, total {{total:,.2f}}\")\n```\n\n",
                    y = year - 3
                )
            } else {
                format!(
                    "```json\n{{\n  \"report\": \"{slug}\",\n  \"year\": {year},\n  \"amounts\": [{}, {}, {}],\n  \"verified\": true,\n  \"note\": null\n}}\n```\n\n",
                    w.rng.below(10_000),
                    w.rng.below(10_000),
                    w.rng.below(10_000)
                )
            };
            w.text(&code);
        }
        if paragraph > 200 {
            break;
        }
    }
    let body = w.segs;

    // Notes.
    let mut notes = Vec::new();
    for k in 0..2 {
        let mut nw = BodyWriter {
            rng: Rng::derive(seed, 5 + k, j as u64),
            entities,
            listed_e: listed_e.clone(),
            listed_s: listed_s.clone(),
            todo_e: Vec::new(),
            todo_s: Vec::new(),
            segs: Vec::new(),
            words: 0,
        };
        nw.text("The figures were checked against the original documents");
        if k == 0 {
            nw.citation();
        }
        nw.text(". Earlier versions of this report gave a slightly different total.");
        notes.push(nw.segs);
    }

    let e0 = &entities[listed_e[0]];
    let title = format!(
        "{} and the {} {}: {}",
        e0.name,
        rng.pick(ADJS),
        rng.pick(NOUNS),
        rng.pick(&[
            "what the records show",
            "a timeline",
            "questions remain",
            "the full story",
            "who paid"
        ])
    );
    let summary = format!(
        "How {} {} the {} {}, and what the documents say.",
        e0.name,
        rng.pick(VERBS),
        rng.pick(ADJS),
        rng.pick(NOUNS)
    );
    let mut authors: Vec<&'static str> = vec![*rng.pick(AUTHORS)];
    if rng.chance(0.3) {
        let a = rng.pick(AUTHORS);
        if !authors.contains(a) {
            authors.push(a);
        }
    }
    let mut tags: Vec<&'static str> = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let t = rng.pick(TAGS);
        if !tags.contains(t) {
            tags.push(t);
        }
    }
    let updated = rng
        .chance(0.15)
        .then(|| ymd(days + rng.range(1, 30) as i64));
    Report {
        year,
        slug,
        title,
        date,
        updated,
        summary,
        authors,
        tags,
        entities: listed_e,
        sources: listed_s,
        claims,
        body,
        notes,
    }
}

fn generate(n: usize, seed: u64, words: usize) -> Corpus {
    let width = n.saturating_sub(1).to_string().len().max(5);
    let ne = (n / 10).max(50);
    let ns = (n / 2).max(20);
    let mut vocabulary = HashSet::new();
    for list in [
        NOUNS,
        NOUNS_PL,
        ADJS,
        VERBS,
        MONTHS,
        FIRST_NAMES,
        PUBLISHERS,
        AUTHORS,
        TAGS,
    ] {
        for w in list {
            for part in w.split_whitespace() {
                vocabulary.insert(capitalize(part));
                vocabulary.insert(part.to_string());
            }
        }
    }
    for s in SENTENCES.iter().chain(HEADINGS) {
        for part in s.split_whitespace() {
            vocabulary.insert(capitalize(
                part.trim_matches(|c: char| !c.is_alphanumeric()),
            ));
        }
    }
    let entities = make_entities(seed, ne, &vocabulary);
    // Source title words come after the entity words, so none is shared.
    let sources = make_sources(seed, ns, 10 * ne + 1000);
    let zipf_e = Zipf::new(ne - 5.min(ne), 1.0);
    let zipf_s = Zipf::new(ns, 0.8);
    let reports = (0..n)
        .map(|j| {
            make_report(
                seed, j, n, width, &entities, &sources, &zipf_e, &zipf_s, words,
            )
        })
        .collect();
    Corpus {
        entities,
        sources,
        reports,
    }
}

// ---------------------------------------------------------------------------
// Writing: dossier

fn yaml_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| q(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn dossier_cite(out: &mut String, corpus: &Corpus, items: &[(usize, Option<String>)]) {
    out.push('[');
    for (i, (s, loc)) in items.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push('@');
        out.push_str(&corpus.sources[*s].id);
        if let Some(loc) = loc {
            out.push_str(", ");
            out.push_str(loc);
        }
    }
    out.push(']');
}

fn dossier_segs(out: &mut String, corpus: &Corpus, report: &Report, segs: &[Seg]) {
    for seg in segs {
        match seg {
            Seg::Text(t) => out.push_str(t),
            Seg::Mention(s) => out.push_str(s),
            Seg::Link(e, form) => {
                let id = &corpus.entities[*e].id;
                match form {
                    LinkForm::Bare => write!(out, "[[{id}]]").unwrap(),
                    LinkForm::Piped(t) => write!(out, "[[{id}|{t}]]").unwrap(),
                    LinkForm::Markdown(t) => write!(out, "[{t}](entity:{id})").unwrap(),
                }
            }
            Seg::Cite(items) => dossier_cite(out, corpus, items),
            Seg::Claim(c) => {
                let claim = &report.claims[*c];
                write!(out, "[{}](claim:{})", claim.span, claim.id).unwrap();
            }
            Seg::Note(k) => write!(out, "[^{k}]").unwrap(),
        }
    }
}

fn write_dossier(dir: &Path, corpus: &Corpus) -> std::io::Result<()> {
    fs::write(
        dir.join("dossier.yaml"),
        "title: Bench Corpus\nbase_url: https://example.org/bench/\ndescription: A generated \
         corpus of annotated reports for benchmarks.\nlanguage: en\npaginate_by: 20\n",
    )?;
    let content = dir.join("content");
    fs::create_dir_all(content.join("entities"))?;
    fs::create_dir_all(content.join("sources"))?;
    for e in &corpus.entities {
        let mut s = String::from("---\n");
        writeln!(s, "name: {}", q(&e.name)).unwrap();
        writeln!(s, "type: {}", e.kind).unwrap();
        let aliases: Vec<&str> = e.aliases.iter().map(String::as_str).collect();
        writeln!(s, "aliases: {}", yaml_list(&aliases)).unwrap();
        writeln!(s, "description: {}", q(&e.description)).unwrap();
        if let Some(w) = &e.wikidata {
            writeln!(s, "links:\n  wikidata: {w}").unwrap();
        }
        s.push_str("---\n");
        s.push_str(&e.body);
        fs::write(content.join("entities").join(format!("{}.md", e.id)), s)?;
    }
    for src in &corpus.sources {
        let mut s = String::from("---\n");
        writeln!(s, "title: {}", q(&src.title)).unwrap();
        writeln!(s, "publisher: {}", q(&src.publisher)).unwrap();
        if let Some(a) = &src.author {
            writeln!(s, "author: {}", q(a)).unwrap();
        }
        writeln!(s, "date: {}", src.date).unwrap();
        writeln!(s, "url: {}", src.url).unwrap();
        if let Some(a) = &src.archive_url {
            writeln!(s, "archive_url: {a}").unwrap();
        }
        writeln!(s, "type: {}", src.kind).unwrap();
        if let Some(a) = &src.accessed {
            writeln!(s, "accessed: {a}").unwrap();
        }
        if let Some(quote) = &src.quote {
            writeln!(s, "quote: {}", q(quote)).unwrap();
        }
        s.push_str("---\n");
        s.push_str(&src.body);
        fs::write(content.join("sources").join(format!("{}.md", src.id)), s)?;
    }
    write_year_indexes(&content, corpus)?;
    for r in &corpus.reports {
        let mut s = String::with_capacity(12_000);
        report_head(&mut s, r, "updated");
        s.push_str("\nentities:\n");
        for e in &r.entities {
            writeln!(s, "  {}:", corpus.entities[*e].id).unwrap();
        }
        s.push_str("\nsources:\n");
        for x in &r.sources {
            writeln!(s, "  {}:", corpus.sources[*x].id).unwrap();
        }
        s.push_str("\nclaims:\n");
        for c in &r.claims {
            writeln!(s, "  {}:", c.id).unwrap();
            writeln!(s, "    text: {}", q(&c.text)).unwrap();
            writeln!(s, "    status: {}", q(c.status)).unwrap();
            let ids: Vec<&str> = c
                .sources
                .iter()
                .map(|x| corpus.sources[*x].id.as_str())
                .collect();
            writeln!(s, "    sources: [{}]", ids.join(", ")).unwrap();
            let ids: Vec<&str> = c
                .entities
                .iter()
                .map(|x| corpus.entities[*x].id.as_str())
                .collect();
            writeln!(s, "    entities: [{}]", ids.join(", ")).unwrap();
            if let Some(d) = &c.date {
                writeln!(s, "    date: {d}").unwrap();
            }
            if let Some(n) = &c.note {
                writeln!(s, "    note: {}", q(n)).unwrap();
            }
        }
        s.push_str("---\n\n");
        dossier_segs(&mut s, corpus, r, &r.body);
        for (k, note) in r.notes.iter().enumerate() {
            write!(s, "[^{}]: ", k + 1).unwrap();
            dossier_segs(&mut s, corpus, r, note);
            s.push_str("\n\n");
        }
        while s.ends_with("\n\n") {
            s.pop();
        }
        fs::write(
            content
                .join(r.year.to_string())
                .join(format!("{}.md", r.slug)),
            s,
        )?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Writing: Hugo

fn hugo_segs(
    out: &mut String,
    corpus: &Corpus,
    report: &Report,
    segs: &[Seg],
    cited: &mut Vec<usize>,
) {
    let mut cite = |out: &mut String, s: usize| {
        if !cited.contains(&s) {
            cited.push(s);
        }
        write!(out, "[^{}]", corpus.sources[s].id).unwrap();
    };
    for seg in segs {
        match seg {
            Seg::Text(t) => out.push_str(t),
            Seg::Mention(s) => out.push_str(s),
            Seg::Link(e, form) => match form {
                LinkForm::Bare => out.push_str(&corpus.entities[*e].name),
                LinkForm::Piped(t) | LinkForm::Markdown(t) => out.push_str(t),
            },
            Seg::Cite(items) => {
                for (s, _) in items {
                    cite(out, *s);
                }
            }
            Seg::Claim(c) => {
                let claim = &report.claims[*c];
                write!(out, "**{}**", claim.span).unwrap();
                for s in &claim.sources {
                    cite(out, *s);
                }
            }
            Seg::Note(k) => write!(out, "[^n{k}]").unwrap(),
        }
    }
}

const HUGO_BASEOF: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav><a href="{{ "entities/" | relURL }}">Entities</a> <a href="{{ "sources/" | relURL }}">Sources</a> <a href="{{ "tags/" | relURL }}">Tags</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>{{ with .Params.authors }} · {{ delimit . ", " }}{{ end }}</p>
{{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
<div class="report-body">{{ .Content }}</div>
{{ with .Params.claims }}<section id="claims"><h2>Claims</h2><ul>{{ range . }}<li id="{{ .id }}" class="claim claim-{{ .status }}"><strong>{{ .status }}</strong> {{ .text }}</li>{{ end }}</ul></section>{{ end }}
{{ with .GetTerms "sources" }}<section id="sources"><h2>Sources</h2><ol>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ with .Params.publisher }}, {{ . }}{{ end }}</li>{{ end }}</ol></section>{{ end }}
{{ with .GetTerms "entities" }}<section id="entities"><h2>Entities in this report</h2><ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></section>{{ end }}
</article>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
{{/* Hugo's default order: newest first (no weights are set). */}}
{{ $pager := .Paginate .RegularPagesRecursive }}
<ul class="reports">{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time><p>{{ .Summary }}</p></li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
"#;

const HUGO_TAXONOMY: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>{{ end }}</ul>
{{ end }}
"#;

const HUGO_TERM: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ with .Params.description }}<p class="description">{{ . }}</p>{{ end }}
{{ with .Params.aliases_ }}<p>Also known as: {{ delimit . ", " }}</p>{{ end }}
{{ with .Params.publisher }}<p>Published by {{ . }}{{ with $.Params.source_url }}: <a href="{{ . }}">{{ . }}</a>{{ end }}</p>{{ end }}
{{ .Content }}
{{ $pager := .Paginate .Pages }}
<ul class="reports">{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
"#;

const HUGO_404: &str = r#"{{ define "main" }}<h1>Page not found</h1><p><a href="{{ site.Home.Permalink }}">Home</a></p>{{ end }}
"#;

const HUGO_CSS: &str =
    "body{font-family:sans-serif;max-width:45rem;margin:auto}.claim-verified{color:green}\n";

fn write_hugo(dir: &Path, corpus: &Corpus) -> std::io::Result<()> {
    fs::write(
        dir.join("hugo.toml"),
        "baseURL = \"https://example.org/bench/\"\ntitle = \"Bench Corpus\"\nlocale = \"en\"\n\
         enableRobotsTXT = true\n\n[pagination]\npagerSize = 20\ndisableAliases = true\n\n[taxonomies]\nentity = \"entities\"\n\
         source = \"sources\"\ntag = \"tags\"\n\n# One feed for the site, as dossier writes one feed.xml.\n\
         [outputs]\nhome = [\"html\", \"rss\"]\nsection = [\"html\"]\ntaxonomy = [\"html\"]\nterm = [\"html\"]\n\n# The feed holds the newest 20 reports, as dossier's feed.xml does.\n[services.rss]\nlimit = 20\n\n\
         [markup.goldmark.renderer]\nunsafe = true\n\n# CSS classes for code, as dossier does.\n\
         [markup.highlight]\nnoClasses = false\n",
    )?;
    let layouts = dir.join("layouts");
    fs::create_dir_all(&layouts)?;
    fs::write(layouts.join("baseof.html"), HUGO_BASEOF)?;
    fs::write(layouts.join("single.html"), HUGO_SINGLE)?;
    fs::write(layouts.join("list.html"), HUGO_LIST)?;
    fs::write(layouts.join("taxonomy.html"), HUGO_TAXONOMY)?;
    fs::write(layouts.join("term.html"), HUGO_TERM)?;
    fs::write(layouts.join("404.html"), HUGO_404)?;
    fs::create_dir_all(dir.join("static"))?;
    fs::write(dir.join("static/style.css"), HUGO_CSS)?;

    let content = dir.join("content");
    fs::create_dir_all(content.join("reports"))?;
    fs::write(content.join("_index.md"), "---\ntitle: Bench Corpus\n---\n")?;
    fs::write(
        content.join("reports/_index.md"),
        "---\ntitle: Reports\n---\n",
    )?;
    fs::create_dir_all(content.join("entities"))?;
    fs::write(
        content.join("entities/_index.md"),
        "---\ntitle: Entities\n---\n",
    )?;
    fs::create_dir_all(content.join("sources"))?;
    fs::write(
        content.join("sources/_index.md"),
        "---\ntitle: Sources\n---\n",
    )?;
    for e in &corpus.entities {
        let d = content.join("entities").join(&e.id);
        fs::create_dir_all(&d)?;
        let aliases: Vec<&str> = e.aliases.iter().map(String::as_str).collect();
        fs::write(
            d.join("_index.md"),
            format!(
                "---\ntitle: {}\ntype_: {}\naliases_: {}\ndescription: {}\n---\n{}",
                q(&e.name),
                e.kind,
                yaml_list(&aliases),
                q(&e.description),
                e.body
            ),
        )?;
    }
    for s in &corpus.sources {
        let d = content.join("sources").join(&s.id);
        fs::create_dir_all(&d)?;
        fs::write(
            d.join("_index.md"),
            format!(
                "---\ntitle: {}\npublisher: {}\nsource_url: {}\nsource_type: {}\n---\n{}",
                q(&s.title),
                q(&s.publisher),
                s.url,
                s.kind,
                s.body
            ),
        )?;
    }
    write_year_indexes(&content.join("reports"), corpus)?;
    for r in &corpus.reports {
        let mut s = String::with_capacity(12_000);
        report_head(&mut s, r, "lastmod");
        let ids: Vec<&str> = r
            .entities
            .iter()
            .map(|e| corpus.entities[*e].id.as_str())
            .collect();
        writeln!(s, "entities: [{}]", ids.join(", ")).unwrap();
        let ids: Vec<&str> = r
            .sources
            .iter()
            .map(|x| corpus.sources[*x].id.as_str())
            .collect();
        writeln!(s, "sources: [{}]", ids.join(", ")).unwrap();
        s.push_str("claims:\n");
        for c in &r.claims {
            writeln!(
                s,
                "  - id: {}\n    text: {}\n    status: {}",
                c.id,
                q(&c.text),
                q(c.status)
            )
            .unwrap();
        }
        s.push_str("---\n\n");
        let mut cited = Vec::new();
        hugo_segs(&mut s, corpus, r, &r.body, &mut cited);
        for (k, note) in r.notes.iter().enumerate() {
            write!(s, "[^n{}]: ", k + 1).unwrap();
            hugo_segs(&mut s, corpus, r, note, &mut cited);
            s.push_str("\n\n");
        }
        for x in cited {
            let src = &corpus.sources[x];
            writeln!(
                s,
                "[^{}]: {}. {}, {}. <{}>\n",
                src.id, src.title, src.publisher, src.date, src.url
            )
            .unwrap();
        }
        while s.ends_with("\n\n") {
            s.pop();
        }
        let d = content.join("reports").join(r.year.to_string());
        fs::write(d.join(format!("{}.md", r.slug)), s)?;
    }
    Ok(())
}

/// One `_index.md` per year under `dir`, the same for both sites.
fn write_year_indexes(dir: &Path, corpus: &Corpus) -> std::io::Result<()> {
    let mut years: Vec<i64> = corpus.reports.iter().map(|r| r.year).collect();
    years.dedup();
    for y in &years {
        let d = dir.join(y.to_string());
        fs::create_dir_all(&d)?;
        fs::write(
            d.join("_index.md"),
            format!(
                "---\ntitle: Reports from {y}\n---\nEverything published in **{y}**, newest first.\n"
            ),
        )?;
    }
    Ok(())
}

/// The opening of a report's front matter, the same for both sites but for
/// the name of the last-updated date (`updated_key`).
fn report_head(s: &mut String, r: &Report, updated_key: &str) {
    s.push_str("---\n");
    writeln!(s, "title: {}", q(&r.title)).unwrap();
    writeln!(s, "date: {}", r.date).unwrap();
    if let Some(u) = &r.updated {
        writeln!(s, "{updated_key}: {u}").unwrap();
    }
    writeln!(s, "authors: {}", yaml_list(&r.authors)).unwrap();
    writeln!(s, "summary: {}", q(&r.summary)).unwrap();
    writeln!(s, "tags: [{}]", r.tags.join(", ")).unwrap();
}

// ---------------------------------------------------------------------------

const MARKER: &str = ".gen-corpus";

/// Makes `dir` ready to be written: created if missing; emptied if it was
/// written by this program before; refused if it holds anything else.
fn prepare(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if entries.next().is_some() {
            if !dir.join(MARKER).exists() {
                return Err(format!(
                    "{} exists and was not written by gen-corpus (no {MARKER} file); refusing to touch it",
                    dir.display()
                ));
            }
            for entry in fs::read_dir(dir).map_err(|e| e.to_string())? {
                let path = entry.map_err(|e| e.to_string())?.path();
                let result = if path.is_dir() {
                    fs::remove_dir_all(&path)
                } else {
                    fs::remove_file(&path)
                };
                result.map_err(|e| format!("{}: {e}", path.display()))?;
            }
        }
    }
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    fs::write(
        dir.join(MARKER),
        "written by examples/gen-corpus.rs; the whole folder may be replaced\n",
    )
    .map_err(|e| e.to_string())
}

fn usage() -> ExitCode {
    eprintln!("usage: gen-corpus N DIR [--hugo DIR2] [--seed S] [--words W]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut hugo: Option<PathBuf> = None;
    let mut seed = 1u64;
    let mut words = 1000usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--hugo" => match args.next() {
                Some(d) => hugo = Some(d.into()),
                None => return usage(),
            },
            "--seed" => match args.next().and_then(|s| s.parse().ok()) {
                Some(s) => seed = s,
                None => return usage(),
            },
            "--words" => match args.next().and_then(|s| s.parse().ok()) {
                Some(w) if w >= 50 => words = w,
                _ => return usage(),
            },
            "-h" | "--help" => return usage(),
            _ => positional.push(a),
        }
    }
    if positional.len() != 2 {
        return usage();
    }
    let Ok(n) = positional[0].parse::<usize>() else {
        return usage();
    };
    if n == 0 {
        return usage();
    }
    let dir = PathBuf::from(&positional[1]);

    let start = std::time::Instant::now();
    let corpus = generate(n, seed, words);
    let mut targets = vec![(dir.clone(), false)];
    if let Some(h) = &hugo {
        targets.push((h.clone(), true));
    }
    for (d, is_hugo) in targets {
        if let Err(e) = prepare(&d) {
            eprintln!("gen-corpus: {e}");
            return ExitCode::from(2);
        }
        let result = if is_hugo {
            write_hugo(&d, &corpus)
        } else {
            write_dossier(&d, &corpus)
        };
        if let Err(e) = result {
            eprintln!("gen-corpus: writing {}: {e}", d.display());
            return ExitCode::from(2);
        }
    }
    let words_total: usize = corpus
        .reports
        .iter()
        .map(|r| {
            let mut s = String::new();
            dossier_segs(&mut s, &corpus, r, &r.body);
            s.split_whitespace().count()
        })
        .sum();
    eprintln!(
        "gen-corpus: {} reports ({} words per body on average), {} entities, {} sources, seed {seed} -> {}{} in {} ms",
        corpus.reports.len(),
        words_total / n,
        corpus.entities.len(),
        corpus.sources.len(),
        dir.display(),
        hugo.as_ref()
            .map(|h| format!(" and {} (Hugo)", h.display()))
            .unwrap_or_default(),
        start.elapsed().as_millis()
    );
    ExitCode::SUCCESS
}

/// One of `items`, as a plain `&str`.
fn pick_str(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    let picked: &&'static str = rng.pick(items);
    picked
}
