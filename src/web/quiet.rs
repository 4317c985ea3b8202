//! Writes the record that lets the loader skip a page view with nothing to show
//! (see [`crate::quiet`]).

use super::storage;
use super::Widget;
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
            let earliest = crate::quiet::earliest_showing(&visitor, &self.config, super::phone(&self.window), super::now());
            self.store.put_quiet_record(&crate::quiet::record(earliest, waiting, fingerprint));
        }
        waiting
    }
}
