//! The store contract: one suite of assertions about `store::Store`, run against every backend.
//!
//! Each test loops over `store::testing::backends()`: SQLite always, PostgreSQL when
//! `TEST_DATABASE_URL` is set. Every backend gets a fresh database per test, and every assertion
//! message names the backend, so a difference between the two shows which one broke.

mod applications;
mod audit;
mod audit_chain;
mod changes;
mod citizens;
mod clients;
mod concurrency;
mod directory;
mod entry_forwards;
mod federation;
mod office_views;
mod places;
mod prenatal;
mod received_reviews;
mod register;
mod reviews;
mod staff;
mod support;
