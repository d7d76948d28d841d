//! The README's table of `onError` types is the host's contract: it must
//! name every type the component can report, and nothing it cannot.

use std::collections::BTreeSet;

use connect_flow::FailureKind;

/// Reported by the JavaScript loader, never by the component itself.
const LOADER_ONLY: &[&str] = &["load_failed"];

/// First-column names of the table whose header row starts `| type |`.
fn documented_types(readme: &str) -> BTreeSet<String> {
    readme
        .lines()
        .skip_while(|line| !line.starts_with("| type |"))
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .filter_map(|row| {
            let cell = row.split('|').nth(1)?.trim();
            Some(cell.strip_prefix('`')?.strip_suffix('`')?.to_string())
        })
        .collect()
}

#[test]
fn the_readme_lists_exactly_the_on_error_types() {
    let readme = include_str!("../../README.md");
    let documented = documented_types(readme);
    let emitted: BTreeSet<String> = FailureKind::ALL
        .iter()
        .map(|kind| kind.as_str().to_string())
        .chain(LOADER_ONLY.iter().map(|name| name.to_string()))
        .collect();
    assert_eq!(
        documented, emitted,
        "README `onError` table (left) vs the types the component and loader report (right)"
    );
}

#[test]
fn every_kind_is_listed_once() {
    let names: BTreeSet<&str> = FailureKind::ALL.iter().map(|kind| kind.as_str()).collect();
    assert_eq!(names.len(), FailureKind::ALL.len());
}
