//! The stylesheet's minifier (build.rs) keeps every rule's meaning.

#[path = "../build/minify_css.rs"]
mod minify_css;

use minify_css::minify_css;

#[test]
fn comments_and_layout_whitespace_go() {
    let css = "/* tokens */\n.uc-a, .uc-b {\n  color: red;\n  margin: 0 auto;\n}\n\n.uc-c > .uc-d { gap: 4px; }\n";
    assert_eq!(
        minify_css(css),
        ".uc-a,.uc-b{color: red;margin: 0 auto}.uc-c > .uc-d{gap: 4px}"
    );
}

#[test]
fn spaces_that_carry_meaning_stay() {
    assert_eq!(minify_css(".uc-a :hover { x: 1 }"), ".uc-a :hover{x: 1}");
    assert_eq!(
        minify_css(".a { width: calc(100%  -  2px); }"),
        ".a{width: calc(100% - 2px)}"
    );
    assert_eq!(
        minify_css(".a { font: \"Segoe  UI\" , x; content: '/* no */'; }"),
        ".a{font: \"Segoe  UI\",x;content: '/* no */'}"
    );
}

#[test]
fn the_shipped_stylesheet_shrinks_and_keeps_every_rule() {
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/styles/connect.css"))
        .unwrap();
    let minified = minify_css(&css);
    assert!(
        minified.len() < css.len() * 9 / 10,
        "{} of {}",
        minified.len(),
        css.len()
    );
    assert_eq!(minified.matches('{').count(), css.matches('{').count());
    assert!(!minified.contains("/*"));
}
