/// Drops comments and the whitespace CSS does not need: runs of whitespace
/// become one space, and none is kept beside `{`, `}`, `;` or after `,`.
/// Quoted strings are copied as they are. A space next to `:` or inside
/// `calc()` can carry meaning (`a :hover`, `1px - 2px`), so it stays.
pub fn minify_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    let mut pending_space = false;
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = '\0';
                for c in chars.by_ref() {
                    if previous == '*' && c == '/' {
                        break;
                    }
                    previous = c;
                }
                pending_space = true;
            }
            c if c.is_whitespace() => pending_space = true,
            '"' | '\'' => {
                push_space(&mut out, &mut pending_space);
                out.push(c);
                let mut escaped = false;
                for inner in chars.by_ref() {
                    out.push(inner);
                    if inner == c && !escaped {
                        break;
                    }
                    escaped = inner == '\\' && !escaped;
                }
            }
            '{' | '}' | ';' => {
                pending_space = false;
                if c == '}' && out.ends_with(';') {
                    out.pop();
                }
                out.push(c);
            }
            ',' => {
                pending_space = false;
                out.push(c);
            }
            c => {
                push_space(&mut out, &mut pending_space);
                out.push(c);
            }
        }
    }
    out
}

fn push_space(out: &mut String, pending_space: &mut bool) {
    let after_separator = matches!(out.chars().last(), None | Some('{' | '}' | ';' | ','));
    if *pending_space && !after_separator {
        out.push(' ');
    }
    *pending_space = false;
}
