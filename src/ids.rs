//! Ids of entities, sources, claims and statuses: what a valid one is.

/// Whether `s` is a valid id: `^[a-z0-9][a-z0-9_-]*$`.
pub fn is_id(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}
