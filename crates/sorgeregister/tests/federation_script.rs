//! `scripts/federation-demo.sh --check`, the one command that starts the local federation
//! (platform hosting Bremen, nodes for the Landkreis Cuxhaven and Berlin over HTTPS), submits
//! Sophia's application and one for a child born in Berlin, and checks that both are decided,
//! each through its node (the nodes' `/metrics` count one answered query each). Run with this
//! build's binary; skipped with a message where bash or curl is missing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

fn has(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_federation_demo_script_checks_itself() {
    for tool in ["bash", "curl"] {
        if !has(tool) {
            eprintln!("skipped: {tool} is not installed");
            return;
        }
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/federation-demo.sh");
    let output = Command::new("bash")
        .arg(&script)
        .arg("--check")
        .env("SORGEREGISTER_BIN", env!("CARGO_BIN_EXE_sorgeregister"))
        .output()
        .expect("run the script");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "federation-demo.sh --check failed\n{stdout}\n{stderr}"
    );
    assert!(
        stdout.contains("federation check passed"),
        "{stdout}\n{stderr}"
    );
}
