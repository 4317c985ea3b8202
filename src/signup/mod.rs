//! A sign-up, from the report the shopper's email becomes to its delivery: the outbox that keeps
//! it until each destination accepts it, and the destinations' own shapes (Shopify, Klaviyo).

pub mod flow;
pub mod klaviyo;
pub mod outbox;
pub mod report;
pub mod shopify;
pub mod views;
