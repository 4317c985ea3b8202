//! The offer a campaign makes: read by `config`, worded by `texts`, so neither imports the other.

/// What the welcome popup promises for a sign-up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Offer {
    /// A whole percentage, 1 to 100.
    Percent(u8),
    FreeShipping,
}
