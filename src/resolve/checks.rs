//! What the resolve stage found wrong, kept apart by what can change it
//! ([`Checks`]), so that `serve` re-checks only what an edit touches.

use crate::diag::{Diagnostic, Files};

use super::Site;

/// Every problem the resolve stage found, kept apart by what can change
/// them, so that `serve` re-checks only what a body edit touches.
#[derive(Default)]
pub struct Checks {
    /// What no report body can change: definitions, references, URLs.
    pub fixed: Vec<Diagnostic>,
    /// Problems of report bodies, entities named but not listed,
    /// definitions nothing uses.
    pub bodies: Vec<Diagnostic>,
    /// Where links may lead.
    pub targets: super::LinkTargets,
    /// Each report's broken links, by its index in `Site::reports`.
    pub links: Vec<Vec<Diagnostic>>,
    /// Broken links of `_index.md` files and registry bodies, which body
    /// edits do not change.
    pub plain: Vec<Diagnostic>,
}

impl Checks {
    /// Every problem, in the order the checks ran.
    pub fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.fixed
            .iter()
            .chain(&self.bodies)
            .chain(self.links.iter().flatten())
            .chain(&self.plain)
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        let mut all = self.fixed;
        all.extend(self.bodies);
        all.extend(self.links.into_iter().flatten());
        all.extend(self.plain);
        all
    }

    /// After the bodies of the reports `ids` were annotated again in
    /// `site`: checks bodies again, and the links that can have changed.
    pub(crate) fn after_body_edit(&mut self, files: &Files, site: &Site<'_>, ids: &[String]) {
        self.bodies = super::body_diagnostics(files, site);
        // The pages of the site are the same: only the edited reports'
        // links need checking again.
        let mut moved_ids = false;
        for r in site.reports.iter().filter(|r| ids.contains(&r.report.id)) {
            moved_ids |= self.targets.update_ids(r);
        }
        // A heading id that came or went can change the fragment links
        // of any report.
        for (i, r) in site.reports.iter().enumerate() {
            if moved_ids || ids.contains(&r.report.id) {
                self.links[i] = self.targets.check(r);
            }
        }
    }
}
