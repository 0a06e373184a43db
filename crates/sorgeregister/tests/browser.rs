//! The main workbench journeys in a real browser: the `sorgeregister demo` binary runs, and
//! `tests/browser/journey.mjs` drives Debian's chromium through it with playwright-core — the
//! clerk's register, and an application settled in review and found by its issuing office (the
//! script submits it over the API with the demo's token from the data folder), and a prenatal
//! notification recorded, judged in review and so completed into the register — checks every
//! page with axe-core (WCAG 2 A/AA) and leaves a screenshot of each in
//! `target/browser-screenshots/`. `tests/browser/portal.mjs` does the same for the citizen
//! portal: a mother's application from the start page to her certificate's PDF within five
//! clicks after the login, her list, the pre-check, the form's errors, the pages in English and
//! Leichte Sprache, a second mother who cannot see the first one's application, the refused
//! low-assurance login; and every page at 200 % zoom without sideways scrolling. Without node, `/usr/bin/chromium` or the script's
//! node_modules (`npm ci` in `tests/browser/`), the test says so and passes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
/// Enough for the journey on a slow machine; it takes a few seconds on a normal one.
const JOURNEY_LIMIT: Duration = Duration::from_secs(300);

/// The running demo; killed when dropped, also when the test fails.
struct Demo {
    child: Child,
    url: String,
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The demo's data folder in `dir`: database and `tokens.txt`.
fn data_folder(dir: &Path) -> PathBuf {
    dir.join("data")
}

/// Starts `sorgeregister demo` on a free port and waits for the banner naming its URL.
fn start_demo(dir: &Path) -> Demo {
    let log = std::fs::File::create(dir.join("stderr.log")).expect("log file");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sorgeregister"))
        .args(["demo", "--port", "0", "--data-dir"])
        .arg(data_folder(dir))
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("spawn sorgeregister demo");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let url = lines.by_ref().map_while(Result::ok).find_map(|line| {
        line.strip_prefix("Sorgeregister demo is running at ")
            .map(|rest| rest.trim().to_owned())
    });
    // Keep draining the banner, as a terminal would.
    std::thread::spawn(move || for _ in lines {});
    let mut demo = Demo {
        child,
        url: String::new(),
    };
    match url {
        Some(url) => {
            demo.url = url;
            demo
        }
        None => {
            drop(demo);
            let log = std::fs::read_to_string(dir.join("stderr.log")).unwrap_or_default();
            panic!("the demo printed no URL; its log:\n{log}");
        }
    }
}

/// Why the browser test cannot run here, if it cannot.
fn missing(folder: &Path) -> Option<String> {
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !node.is_ok_and(|status| status.success()) {
        return Some("node is not installed".to_owned());
    }
    if !Path::new(CHROMIUM).exists() {
        return Some(format!("{CHROMIUM} is missing (apt-get install chromium)"));
    }
    for package in ["playwright-core", "axe-core"] {
        if !folder.join("node_modules").join(package).is_dir() {
            return Some(format!(
                "{} has no node_modules/{package} (run npm ci there)",
                folder.display()
            ));
        }
    }
    None
}

/// `target/browser-screenshots`, next to the folder the test binary is built into.
fn screenshot_folder() -> PathBuf {
    let binary = Path::new(env!("CARGO_BIN_EXE_sorgeregister"));
    let target = binary
        .ancestors()
        .find(|dir| dir.file_name().is_some_and(|name| name == "target"))
        .map(Path::to_path_buf)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("browser-screenshots")
}

/// One browser script at a time: two demos and two chromiums at once would only slow both.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs `tests/browser/<script>` against a fresh demo, after removing the screenshots of an
/// earlier run whose names `ours` accepts; passes when node, chromium or the node_modules are
/// missing (and says so).
fn run_browser_script(script: &str, ours: fn(&str) -> bool) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser");
    let folder = folder.canonicalize().unwrap_or(folder);
    if let Some(reason) = missing(&folder) {
        eprintln!("skipping the browser test {script}: {reason}");
        return;
    }
    let _turn = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let dir = tempfile::tempdir().unwrap();
    let demo = start_demo(dir.path());
    let shots = screenshot_folder();
    if let Ok(old) = std::fs::read_dir(&shots) {
        for file in old.map_while(Result::ok) {
            let name = file.file_name();
            if name
                .to_str()
                .is_some_and(|name| name.ends_with(".png") && ours(name))
            {
                std::fs::remove_file(file.path()).expect("clear old screenshots");
            }
        }
    }

    let started = Instant::now();
    let mut journey = Command::new("node")
        .arg(folder.join(script))
        .arg(&demo.url)
        .arg(&shots)
        .arg(data_folder(dir.path()))
        .env("CHROMIUM_PATH", CHROMIUM)
        .spawn()
        .expect("run node");
    let status = loop {
        if let Some(status) = journey.try_wait().expect("wait for node") {
            break status;
        }
        if started.elapsed() > JOURNEY_LIMIT {
            let _ = journey.kill();
            let _ = journey.wait();
            panic!("the browser script {script} took longer than {JOURNEY_LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    eprintln!(
        "browser script {script} took {:.1} s; screenshots in {}",
        started.elapsed().as_secs_f64(),
        shots.display()
    );
    if !status.success() {
        let log = std::fs::read_to_string(dir.path().join("stderr.log")).unwrap_or_default();
        panic!("the browser script {script} failed ({status}); the demo's log:\n{log}");
    }
    drop(demo);
}

/// The portal's screenshots are named `portal-…`; the workbench's are the others.
const PORTAL_PREFIX: &str = "portal-";

#[test]
fn the_workbench_journeys_work_in_a_browser_and_every_page_passes_axe() {
    run_browser_script("journey.mjs", |name| !name.starts_with(PORTAL_PREFIX));
}

#[test]
fn the_citizen_portal_works_in_a_browser_within_five_clicks_and_every_page_passes_axe() {
    run_browser_script("portal.mjs", |name| name.starts_with(PORTAL_PREFIX));
}
