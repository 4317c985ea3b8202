//! Writes the record that lets the loader skip a page view with nothing to show
//! (see [`crate::quiet`]).

use super::storage;
use super::Widget;
use crate::audience::{unrooted, PageView};
use crate::quiet;
use crate::signup::outbox::Outbox;
use crate::visitor::Visitor;

impl Widget {
    /// Rewrites the loader's record for this device from the stored visitor and outbox, which may
    /// also hold what other tabs wrote since this page loaded. Returns whether the outbox holds
    /// anything to deliver, so that the start reads it once.
    pub(super) fn write_quiet_record(&mut self) -> bool {
        let waiting = !self.store.load::<Outbox>(storage::OUTBOX).is_empty();
        if let Some(fingerprint) = &self.fingerprint {
            let visitor: Visitor = self.store.load(storage::VISITOR);
            let (phone, now) = (super::phone(&self.window), super::now());
            // Another tab's seed, stored after this tab read the tag with its own (both made one
            // on the visitor's first page view), is another variant: the next view loads and
            // weighs it, so this one's config says nothing of what may show.
            let same_variant = visitor.seed == self.seed;
            let earliest = if same_variant { quiet::earliest_showing(&visitor, &self.config, phone, now) } else { 0 };
            let stored = self.store.quiet_record();
            // The pages where nothing can show matter only while something may show elsewhere.
            let paths = if !same_variant || earliest == u64::MAX {
                String::new()
            } else {
                let root = super::shopify_root(&self.window);
                let returning = visitor.returning();
                let here = self.window.location().pathname().unwrap_or_default();
                let previous = quiet::previous_paths(stored.as_deref().unwrap_or_default(), fingerprint);
                quiet::quiet_paths(previous, &here, |path| {
                    let view = PageView { path, unrooted: unrooted(path, &root), phone, returning };
                    quiet::shows_nothing_on(&visitor, &self.config, &view, now)
                })
            };
            self.store.put_quiet_record(&quiet::record(earliest, waiting, fingerprint, &paths), stored.as_deref());
        }
        waiting
    }
}
