//! Minifies the component's stylesheet into OUT_DIR, where `ui::styles`
//! includes it: the stylesheet ships inside the wasm, so its comments and
//! indentation would be downloaded by every user.

#[path = "build/minify_css.rs"]
mod minify_css;

fn main() {
    let source = "styles/connect.css";
    println!("cargo:rerun-if-changed={source}");
    println!("cargo:rerun-if-changed=build/minify_css.rs");
    let css = std::fs::read_to_string(source).expect("styles/connect.css is readable");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("connect.min.css"), minify_css::minify_css(&css))
        .expect("OUT_DIR is writable");
}
