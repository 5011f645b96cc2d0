//! Sorting by the language's rules (the Unicode Collation Algorithm with
//! the language's CLDR tailoring), not by bytes: `Ángela` beside
//! `Angela`, `Água` before `zebra`, and in Spanish `ñ` after `n`.

use icu_collator::options::CollatorOptions;
use icu_collator::{Collator, CollatorBorrowed};

/// The collator of one language.
pub struct Collation {
    collator: CollatorBorrowed<'static>,
}

impl Collation {
    /// The collator of `locale`, or of the root locale (which sorts
    /// English and most Latin-script languages right) when ICU has no
    /// tailoring for it.
    pub(super) fn new(locale: &icu_locale_core::Locale) -> Collation {
        let collator = Collator::try_new(locale.into(), CollatorOptions::default())
            .or_else(|_| Collator::try_new(Default::default(), CollatorOptions::default()));
        match collator {
            Ok(collator) => Collation { collator },
            Err(e) => panic!("ICU4X's baked data lacks the root collation: {e}"),
        }
    }

    /// A key that sorts as the text does in the language: for
    /// `sort_by_cached_key`, which makes each key once.
    pub fn key(&self, text: &str) -> Vec<u8> {
        let mut key = Vec::new();
        // Writing into a Vec cannot fail.
        let _ = self.collator.write_sort_key_to(text, &mut key);
        key
    }

    /// Compares two texts as the language sorts them.
    pub fn compare(&self, a: &str, b: &str) -> std::cmp::Ordering {
        self.collator.compare(a, b)
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Locale;

    fn sorted(tag: &str, names: &[&str]) -> Vec<String> {
        let locale = Locale::new(tag).unwrap();
        let mut v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        v.sort_by_cached_key(|n| locale.collation().key(n));
        v
    }

    #[test]
    fn accents_sort_beside_their_letters() {
        let names = ["Zoë", "zebra", "Éva", "Ángela", "Água", "Eva", "Angela"];
        let want = ["Água", "Angela", "Ángela", "Eva", "Éva", "zebra", "Zoë"];
        assert_eq!(sorted("en", &names), want);
        assert_eq!(sorted("es", &names), want);
        assert_eq!(sorted("pt", &names), want);
    }

    #[test]
    fn spanish_puts_n_tilde_after_n() {
        let names = ["ñandú", "nube", "oso"];
        assert_eq!(sorted("es", &names), ["nube", "ñandú", "oso"]);
        // The root order puts `ñ` with `n`, before `nube`'s `u`.
        assert_eq!(sorted("en", &names), ["ñandú", "nube", "oso"]);
        let locale = Locale::new("es").unwrap();
        assert!(locale.collation().compare("ñandú", "nube").is_gt());
    }
}
