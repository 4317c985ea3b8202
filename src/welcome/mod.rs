//! The welcome popup: its trigger. Its config section is `config::WelcomeConfig`, its verdict per
//! page view `visitor::Visitor::welcome_verdict`, its view `web::welcome`.

pub mod flow;
pub mod trigger;
