//! The `sorgeregister` program: configuration, wiring of the crates, and the subcommands.
//! Kept as a library too, so that integration tests start the very same application.

pub mod app;
pub mod audit;
pub mod config;
pub mod demo;
pub mod eval;
pub mod federation;
pub mod keys;
pub mod node;
pub mod offline;
pub mod platform_trust;
pub mod portal;
pub mod register_csv;
pub mod register_import;
pub mod staff;
pub mod tls;
pub mod tokens;
