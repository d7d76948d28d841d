//! The server's arrows point one way: `main` -> `app` -> `routes` -> the
//! domain. A domain module that imports the router (or the start-up code
//! that assembles it) brings back the import loop this test exists to keep
//! out, so it reads the sources and fails on such an import.
//!
//! "Domain module" here means every file under `src/` except:
//! - `src/routes/` (HTTP: extractors, handlers, the router itself),
//! - `src/app.rs` (start-up: builds the state and assembles the router),
//! - `src/cli/` (the command line, above everything but `main`),
//! - `src/main.rs` and `src/lib.rs` (the binary and the module list).

use std::path::{Path, PathBuf};

/// Paths (relative to `src/`) that may import the router.
const ROUTER_SIDE: &[&str] = &["routes/", "app.rs", "cli/", "main.rs", "lib.rs"];

/// The crate's modules that only the router side may name.
const ROUTER_MODULES: &[&str] = &["routes", "app", "cli"];

/// Whether a line of code names `crate::routes`, `crate::app` (or the same
/// through `super::`), also inside a `use crate::{...}` group. Other crates'
/// modules of the same name (`protocol::routes`) are fine.
fn names_the_router(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    ["crate::", "super::"].iter().any(|root| {
        compact.match_indices(root).any(|(at, _)| {
            let rest = &compact[at + root.len()..];
            let items = match rest.strip_prefix('{') {
                Some(group) => group.split('}').next().unwrap_or(""),
                None => rest,
            };
            items.split(',').any(|item| {
                let first: String = item
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                ROUTER_MODULES.contains(&first.as_str())
            })
        })
    })
}

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

fn domain_modules() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .into_iter()
        .map(|path| {
            let relative = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, std::fs::read_to_string(&path).unwrap())
        })
        .filter(|(relative, _)| !ROUTER_SIDE.iter().any(|side| relative.starts_with(side)))
        .collect()
}

/// Code lines only: a comment may name `routes::extract` to explain itself.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(n, line)| (n + 1, line.trim_start()))
        .filter(|(_, line)| !line.starts_with("//"))
}

#[test]
fn domain_modules_do_not_import_the_router() {
    let modules = domain_modules();
    // The scan must see the domain, or it proves nothing.
    for expected in [
        "credentials.rs",
        "mfa.rs",
        "verification.rs",
        "state.rs",
        "session.rs",
    ] {
        assert!(
            modules.iter().any(|(path, _)| path == expected),
            "{expected} not found among the domain modules"
        );
    }
    let offences: Vec<String> = modules
        .iter()
        .flat_map(|(path, text)| {
            code_lines(text)
                .filter(|(_, line)| names_the_router(line))
                .map(move |(n, line)| format!("src/{path}:{n}: {line}"))
        })
        .collect();
    assert!(
        offences.is_empty(),
        "domain modules import the router or start-up:\n{}",
        offences.join("\n")
    );
}

#[test]
fn the_scan_recognises_a_router_import() {
    for import in [
        "use crate::routes::extract::ConnectSession;",
        "use crate::app::AppState;",
        "use crate::{clock, routes};",
        "use crate::{ app , clock };",
        "let router = crate::routes::api_router();",
        "use super::routes::auth;",
    ] {
        assert!(names_the_router(import), "{import}");
    }
    for fine in [
        "use crate::state::AppState;",
        "use protocol::routes::*;",
        "use crate::{clock, credentials};",
        "use crate::application_id;",
        "credentials::apply(&transaction, state, row, change, now_ms())?;",
    ] {
        assert!(!names_the_router(fine), "{fine}");
    }
    let sample = "// see crate::routes::extract\nuse crate::routes::extract::IdPath;\n";
    let hits: Vec<usize> = code_lines(sample)
        .filter(|(_, line)| names_the_router(line))
        .map(|(n, _)| n)
        .collect();
    assert_eq!(hits, vec![2]);
}
