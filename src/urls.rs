//! Page addresses: relative prefixes to the site root, joining and
//! rebasing relative links, and the addresses of a list's later pages.
//! Every address is relative to the site root, `""` or ending in `/`.

/// `2024/a/` → `../../`; the site root → `./`.
pub fn root_prefix(url: &str) -> String {
    let depth = url.split('/').filter(|s| !s.is_empty()).count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

/// Resolves a relative link against the directory URL of a page; `None`
/// when it climbs out of the site.
pub fn join_url(base: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    let trailing = link.ends_with('/');
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if trailing && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// Whether `dest` is a link relative to the page it is written on: not
/// absolute, not scheme-relative, not a bare fragment, not `mailto:` or any
/// other scheme.
pub fn is_page_relative(dest: &str) -> bool {
    let scheme = dest
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains(['/', '?', '#']));
    !(dest.is_empty() || dest.starts_with(['/', '#', '?']) || scheme)
}

/// `dest`, written on the page at `written_for`, as a link from the page
/// at `shown_at` to the same target; `None` when it is not page-relative
/// or climbs out of the site.
pub fn rebase_link(dest: &str, written_for: &str, shown_at: &str) -> Option<String> {
    if !is_page_relative(dest) {
        return None;
    }
    let cut = dest.find(['#', '?']).unwrap_or(dest.len());
    let (path, rest) = dest.split_at(cut);
    let target = join_url(written_for, path)?;
    Some(format!("{}{target}{rest}", root_prefix(shown_at)))
}

/// How many pages a list of `items` takes at `per_page` a page (at least
/// one: an empty list still has its page).
pub fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}

/// The URL of page `n` (from 1) of the report list at `base`.
pub fn list_page_url(base: &str, n: usize) -> String {
    if n == 1 {
        base.to_string()
    } else {
        format!("{base}page/{n}/")
    }
}
