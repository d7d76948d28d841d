//! The lists the documentation repeats stay equal to the Rust ones: the API's
//! error types (`protocol::ErrorType`) in the server README's table, and the
//! `onError` types in the README and the npm package's type declarations.

use std::collections::BTreeSet;
use std::path::Path;

use protocol::ErrorType;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The words in backticks in `text`.
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The first column of the Markdown table that follows `heading_line`.
fn table_first_column<'a>(markdown: &'a str, heading_line: &str) -> Vec<&'a str> {
    let start = markdown
        .find(heading_line)
        .unwrap_or_else(|| panic!("{heading_line:?} not found"));
    markdown[start..]
        .lines()
        .skip_while(|line| !line.starts_with('|'))
        .take_while(|line| line.starts_with('|'))
        .skip(2) // header and separator
        .filter_map(|line| backticked(line.split('|').nth(1)?).first().copied())
        .collect()
}

#[test]
fn the_server_readme_lists_exactly_the_error_types() {
    let readme = read("README.md");
    let documented = table_first_column(&readme, "one list in `protocol::ErrorType`");
    let listed: Vec<&str> = ErrorType::ALL.iter().map(|kind| kind.as_str()).collect();
    let documented_set: BTreeSet<&str> = documented.iter().copied().collect();
    assert_eq!(
        documented_set.len(),
        documented.len(),
        "a type is listed twice"
    );
    assert_eq!(
        documented_set,
        listed.iter().copied().collect::<BTreeSet<_>>(),
        "server/README.md's error table differs from protocol::ErrorType::ALL"
    );
}

/// The first column of the README's `onError` table.
fn readme_on_error_types(readme: &str) -> BTreeSet<String> {
    table_first_column(readme, "Every `onError` type")
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// The members of the `UtilityConnectErrorType` union in `index.d.ts`.
fn declared_on_error_types(declarations: &str) -> BTreeSet<String> {
    let start = declarations
        .find("export type UtilityConnectErrorType =")
        .expect("index.d.ts declares UtilityConnectErrorType");
    let union = &declarations[start..];
    let union = &union[..union.find(';').expect("the union ends")];
    union
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn the_readme_names_every_on_error_type_the_declarations_name() {
    let readme = readme_on_error_types(&read("../README.md"));
    let declared = declared_on_error_types(&read("../js/package/index.d.ts"));
    assert!(
        declared.len() >= 4 && readme.len() >= 4,
        "{declared:?} {readme:?}"
    );
    assert_eq!(
        declared, readme,
        "index.d.ts's UtilityConnectErrorType and the README's onError table differ"
    );
}

#[test]
fn the_parsers_read_what_they_should() {
    let markdown = "intro `x`\n\n| type | when |\n|---|---|\n| `a` | one |\n| `b` | two |\n\nafter";
    assert_eq!(table_first_column(markdown, "intro"), vec!["a", "b"]);
    let readme = "Every `onError` type:\n\n| type | meaning |\n|---|---|\n| `a` | x |\n| `b` | y |\n| `c` | z |\n";
    assert_eq!(readme_on_error_types(readme).len(), 3);
    let declarations = "export type UtilityConnectErrorType =\n  | \"a\"\n  | \"b\";\n";
    assert_eq!(declared_on_error_types(declarations).len(), 2);
}
