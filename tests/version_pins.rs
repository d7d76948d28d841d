//! Each tool version is written once (scripts/versions.env says where); the
//! copies that a tool insists on reading from its own file must agree.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|error| panic!("{path}: {error}"))
}

/// The quoted value of `key = "..."` (TOML) or `"key": "..."` (JSON) on the
/// first line that sets it.
fn quoted_after(text: &str, key: &str) -> String {
    text.lines()
        .map(str::trim)
        .find_map(|line| {
            let rest = line
                .strip_prefix(&format!("{key} = "))
                .or_else(|| line.strip_prefix(&format!("\"{key}\": ")))?;
            rest.split('"').nth(1).map(str::to_string)
        })
        .unwrap_or_else(|| panic!("no {key} in {text:.80}"))
}

fn locked_wasm_bindgen() -> String {
    let lock = read("Cargo.lock");
    let mut lines = lock.lines();
    lines
        .find(|line| *line == "name = \"wasm-bindgen\"")
        .expect("wasm-bindgen in Cargo.lock");
    quoted_after(lines.next().unwrap(), "version")
}

#[test]
fn trunk_uses_the_locked_wasm_bindgen_and_the_npm_binaryen() {
    let trunk = read("Trunk.toml");
    assert_eq!(quoted_after(&trunk, "wasm_bindgen"), locked_wasm_bindgen());
    let binaryen = quoted_after(&read("package.json"), "binaryen");
    let major = binaryen.split('.').next().unwrap();
    assert_eq!(quoted_after(&trunk, "wasm_opt"), format!("version_{major}"));
}

#[test]
fn the_wasm_bindgen_crate_is_pinned_exactly_to_the_locked_version() {
    let manifest = read("Cargo.toml");
    assert_eq!(
        quoted_after(&manifest, "wasm-bindgen"),
        format!("={}", locked_wasm_bindgen())
    );
}

#[test]
fn the_tools_pinned_only_in_versions_env_are_written_once() {
    let env = read("scripts/versions.env");
    // Every other line there reads its version from the file that pins it.
    let written: Vec<(&str, &str)> = env
        .lines()
        .filter(|line| !line.starts_with('#') && !line.contains("$("))
        .filter_map(|line| line.split_once('='))
        .collect();
    let names: Vec<&str> = written.iter().map(|(name, _)| *name).collect();
    assert_eq!(names, ["TRUNK_VERSION", "WASM_SPLIT_CLI_VERSION"]);
    for (name, version) in written {
        for file in [
            "scripts/setup.sh",
            "scripts/demo.sh",
            "scripts/test.sh",
            "scripts/bench.sh",
            "README.md",
        ] {
            assert!(
                !read(file).contains(version),
                "{file} repeats {name} {version}"
            );
        }
    }
}
