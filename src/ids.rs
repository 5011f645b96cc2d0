//! Ids of entities, sources, claims and statuses: what a valid one is.

/// The longest name, in bytes, that dossier makes a folder of (ids, slugs,
/// tag pages): file systems stop at 255, and a margin is left for the
/// staging folder's own names.
pub const MAX_NAME: usize = 200;

/// Whether `s` is a valid id: `^[a-z0-9][a-z0-9_-]*$`, at most
/// [`MAX_NAME`] bytes long (it names a folder of the output).
pub fn is_id(s: &str) -> bool {
    let mut bytes = s.bytes();
    if s.len() > MAX_NAME {
        return false;
    }
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}
