//! The component's arrows point one way: host -> flow -> (views, client).
//! The flow is its own crate (`flow/`), so Cargo already refuses an import
//! of the views, the client or the host; this test keeps it from gaining a
//! dependency on the browser or on the UI framework, directly or through
//! another crate, and catches a fully qualified path slipping into its
//! sources.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Crates the flow may never reach: the UI framework, the browser bindings,
/// the HTTP client, and the component itself (its views, client and host).
const FORBIDDEN_CRATES: &[&str] = &[
    "leptos",
    "reactive_graph",
    "tachys",
    "web-sys",
    "js-sys",
    "wasm-bindgen",
    "gloo",
    "utility-connect",
];

/// Paths that name the browser, the UI framework or the component's layers.
const FORBIDDEN_PATHS: &[&str] = &[
    "leptos",
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "gloo",
    "utility_connect",
    "crate::ui",
    "crate::host",
    "crate::api",
];

fn flow_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("flow")
}

fn forbidden_crate(name: &str) -> Option<&'static str> {
    FORBIDDEN_CRATES.iter().copied().find(|bad| {
        name == *bad || name.starts_with(&format!("{bad}-")) || name.starts_with(&format!("{bad}_"))
    })
}

#[test]
fn the_flow_crate_depends_on_no_browser_or_ui_crate() {
    // Normal and build dependencies, transitively; `--prefix none` prints
    // one "name vX.Y.Z" per line.
    let output = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "tree",
            "--offline",
            "-p",
            "connect-flow",
            "-e",
            "normal,build",
            "--prefix",
            "none",
        ])
        .output()
        .expect("cargo tree runs");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8(output.stdout).unwrap();
    let crates: Vec<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(crates.contains(&"connect-flow"), "unexpected tree: {tree}");
    let bad: Vec<&str> = crates
        .into_iter()
        .filter(|name| forbidden_crate(name).is_some())
        .collect();
    assert!(bad.is_empty(), "the flow crate reaches {bad:?}");
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

#[test]
fn the_flow_sources_name_no_view_client_host_or_browser_path() {
    let mut files = Vec::new();
    rust_files(&flow_dir().join("src"), &mut files);
    assert!(files.len() > 3, "flow sources not found: {files:?}");
    let mut found = Vec::new();
    for file in &files {
        let source = std::fs::read_to_string(file).unwrap();
        for (number, line) in source.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            for path in FORBIDDEN_PATHS {
                if code.contains(path) {
                    found.push(format!("{}:{}: {path}", file.display(), number + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "the flow names {found:#?}");
}
