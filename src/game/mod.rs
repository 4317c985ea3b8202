//! The prize games: the prize draw, the wheel's geometry and the scratch card's coverage grid.
//! Its config section is `config::GameConfig`, its verdict `visitor::Visitor::game_verdict`.

pub mod flow;
pub mod prize;
pub mod scratch;
pub mod wheel;
