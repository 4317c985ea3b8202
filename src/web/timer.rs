//! Timers that wait as long as they are asked to. `setTimeout` holds at most 2^31 - 1 ms
//! (about 24.8 days); a longer wait fires at once in every browser. Longer waits are chained
//! from shorter ones here, so a delay of `30d` (or a retry stored far ahead) really waits.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;

/// The longest wait one `setTimeout` honours, in milliseconds.
pub const MAX_TIMEOUT_MS: u64 = 2_147_483_647;

/// A pending call, `ms` milliseconds from now. Dropping it cancels the call, like gloo's
/// `Timeout`, however many links of the chain are still to run.
pub struct Timer {
    _slot: Rc<RefCell<Option<Timeout>>>,
}

impl Timer {
    pub fn new(ms: u64, callback: impl FnOnce() + 'static) -> Timer {
        let slot = Rc::new(RefCell::new(None));
        arm(&slot, ms, Box::new(callback));
        Timer { _slot: slot }
    }
}

fn arm(slot: &Rc<RefCell<Option<Timeout>>>, ms: u64, callback: Box<dyn FnOnce()>) {
    let timeout = if ms <= MAX_TIMEOUT_MS {
        Timeout::new(ms as u32, callback)
    } else {
        // Only a weak link: when the `Timer` is dropped, the next link is never set.
        let weak = Rc::downgrade(slot);
        Timeout::new(MAX_TIMEOUT_MS as u32, move || {
            if let Some(slot) = weak.upgrade() {
                arm(&slot, ms - MAX_TIMEOUT_MS, callback);
            }
        })
    };
    if let Ok(mut current) = slot.try_borrow_mut() {
        *current = Some(timeout);
    }
}
