//! Writes the record that lets the loader skip a page view with nothing to show
//! (see [`crate::quiet`]).

use super::storage;
use super::Widget;
use crate::signup::outbox::Outbox;
use crate::visitor::Visitor;

impl Widget {
    /// Rewrites the loader's record from the stored visitor and outbox, which may also hold what
    /// other tabs wrote since this page loaded.
    pub(super) fn write_quiet_record(&mut self) {
        let Some(fingerprint) = &self.fingerprint else { return };
        let visitor: Visitor = self.store.load(storage::VISITOR);
        let outbox: Outbox = self.store.load(storage::OUTBOX);
        let earliest = crate::quiet::earliest_showing(&visitor, &self.config, super::now());
        self.store.put_quiet_record(&crate::quiet::record(earliest, !outbox.is_empty(), fingerprint));
    }
}
