//! Evidence documents: the file a source names with `file:` (a PDF, a CSV,
//! a scan), found relative to the file that defines the source, published
//! on the source's page (`sources/<slug>/<name>`) and shown with its type,
//! size and SHA-256 digest, so that readers can check they hold the
//! document the report used. A missing file, or one outside the site, is
//! an error (E030) at the `file:` value.

use std::io::Read;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::diag::{Code, Diagnostic, Span};

/// A source's document, found and measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its file name, as published beside the source's page.
    pub name: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its SHA-256 digest, in lower-case hexadecimal.
    pub sha256: String,
}

impl Evidence {
    /// Finds the document `written` (a path relative to `defined_in`'s
    /// folder) inside the site at `root`, and measures it. `Err` says why
    /// it cannot be published, for a diagnostic at `at`.
    pub fn find(
        root: &Path,
        defined_in: &Path,
        written: &str,
        at: Span,
    ) -> Result<Evidence, Diagnostic> {
        let folder = defined_in.parent().unwrap_or(Path::new(""));
        let path = folder.join(written);
        let missing = |why: &str| {
            Diagnostic::new(Code::E030, format!("the document `{written}` {why}"))
                .at(at)
                .label("no such file")
                .help("give the path of the document relative to this file's folder, e.g. `file: permit.pdf` beside it")
        };
        let (Ok(site), Ok(real)) = (root.canonicalize(), path.canonicalize()) else {
            return Err(missing("is not there"));
        };
        if !real.starts_with(&site) {
            return Err(missing("is outside the site's folder")
                .label("outside the site")
                .help("copy the document into the site's folder (next to the report) and name it from there"));
        }
        if !real.is_file() {
            return Err(missing("is not a file"));
        }
        let name = real
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
            .ok_or_else(|| missing("has a name that is not UTF-8"))?;
        let (bytes, sha256) =
            digest(&real).map_err(|e| missing(&format!("cannot be read ({e})")))?;
        Ok(Evidence {
            path: real,
            name,
            bytes,
            sha256,
        })
    }

    /// What kind of document it is, from its extension (`PDF`, `CSV`).
    pub fn kind(&self) -> String {
        match self.kind_word() {
            Ok(key) => match key {
                "document.file" => "File",
                "document.text" => "Text",
                "document.word" => "Word document",
                _ => "Spreadsheet",
            }
            .into(),
            Err(name) => name,
        }
    }

    /// [`Evidence::kind`] in the site's language: the words from
    /// `strings` (`document.*` keys), format names as they are.
    pub fn kind_in(&self, strings: &crate::i18n::Catalogue) -> String {
        match self.kind_word() {
            Ok(key) => strings.text(key).to_string(),
            Err(name) => name,
        }
    }

    /// The kind as a word to translate (its catalogue key), or as the
    /// name of a format (`PDF`, `CSV`), which reads the same everywhere.
    fn kind_word(&self) -> Result<&'static str, String> {
        let ext = Path::new(&self.name)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "" => Ok("document.file"),
            "txt" => Ok("document.text"),
            "md" => Err("Markdown".into()),
            "doc" | "docx" | "odt" => Ok("document.word"),
            "xls" | "xlsx" | "ods" => Ok("document.spreadsheet"),
            "jpeg" => Err("JPEG".into()),
            other => Err(other.to_ascii_uppercase()),
        }
    }

    /// Its size for readers (`840 bytes`, `12.4 kB`, `3.1 MB`), in SI units.
    pub fn size(&self) -> String {
        human_size(self.bytes)
    }

    /// [`Evidence::size`] in the site's language: a count of bytes through
    /// `strings` (`document.bytes`, a plural); kB, MB and GB are the same
    /// symbols in every language dossier ships.
    pub fn size_in(&self, strings: &crate::i18n::Catalogue) -> String {
        if self.bytes < 1000 {
            return strings.plain("document.bytes", &[("n", &self.bytes.to_string())]);
        }
        human_size(self.bytes)
    }
}

/// A size in bytes for readers, in SI units (1 kB = 1,000 bytes).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["kB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return if bytes == 1 {
            "1 byte".into()
        } else {
            format!("{bytes} bytes")
        };
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.95 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if value < 10.0 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

/// The size and SHA-256 digest of the file at `path`, read in pieces.
fn digest(path: &Path) -> std::io::Result<(u64, String)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        hasher.update(&buf[..n]);
    }
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((total, hex))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_sizes_read_in_the_site_language() {
        let doc = |name: &str, bytes: u64| Evidence {
            path: PathBuf::from(name),
            name: name.to_string(),
            bytes,
            sha256: String::new(),
        };
        let es = crate::i18n::Catalogue::built_in("es");
        let fr = crate::i18n::Catalogue::built_in("fr");
        assert_eq!(doc("acta.docx", 1).kind_in(&es), "Documento de Word");
        assert_eq!(doc("acta.docx", 1).kind(), "Word document");
        assert_eq!(doc("datos.xlsx", 1).kind_in(&fr), "Feuille de calcul");
        assert_eq!(doc("informe.pdf", 1).kind_in(&fr), "PDF");
        assert_eq!(doc("a.txt", 1).size_in(&fr), "1 octet");
        assert_eq!(doc("a.txt", 840).size_in(&fr), "840 octets");
        assert_eq!(doc("a.txt", 840).size_in(&es), "840 bytes");
        assert_eq!(doc("a.txt", 12_400).size_in(&es), "12 kB");
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human_size(1), "1 byte");
        assert_eq!(human_size(840), "840 bytes");
        assert_eq!(human_size(12_400), "12 kB");
        assert_eq!(human_size(1_500), "1.5 kB");
        assert_eq!(human_size(3_100_000), "3.1 MB");
        assert_eq!(human_size(999_999), "1.0 MB");
    }

    #[test]
    fn the_digest_is_sha_256() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "abc").unwrap();
        assert_eq!(
            digest(&path).unwrap(),
            (
                3,
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad".into()
            )
        );
    }
}
