//! The exit prompt that saves the cart: its trigger and the cart it saves. Its config section is
//! `config::ExitConfig`, its verdict per page view `visitor::Visitor::exit_allowed`.

pub mod cart;
pub mod flow;
pub mod trigger;
