//! Integration tests of the JSON API: the real application on a loopback port, over real HTTP,
//! on a fresh database per test (SQLite always; PostgreSQL too when TEST_DATABASE_URL is set).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod applications;
mod auth;
mod certificates;
mod operations;
mod portal;
mod prenatal;
mod register;
mod support;
mod validation;
mod verify_page;
mod workbench;
