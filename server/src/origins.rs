//! Browser origins (`scheme://host[:port]`, as the `Origin` header names a
//! page) and the rule deciding which pages may use a client's connect tokens.
//! Pure: the request extractor (`routes::extract`) reads the headers and the
//! client's registered origins and asks `allows`.

use reqwest::Url;

const SHAPE: &str = "expected scheme://host[:port], e.g. https://app.example.com";

/// `text` as a browser serialises it in an `Origin` header (lower-case
/// scheme and host, punycode, no default port, no trailing slash), so that
/// registered and presented origins compare as plain strings.
pub fn normalize(text: &str) -> Result<String, String> {
    let (scheme, rest) = text
        .split_once("://")
        .ok_or_else(|| format!("not an origin ({SHAPE})"))?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(format!("only http and https pages have origins ({SHAPE})"));
    }
    // A single trailing slash is what copying from the address bar gives;
    // anything after it would be a path, which an origin never has.
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty() {
        return Err(format!("no host ({SHAPE})"));
    }
    if authority.contains('*') {
        return Err("wildcards are not supported; register each origin".into());
    }
    if authority.contains('@') {
        return Err(format!("an origin has no user name or password ({SHAPE})"));
    }
    if authority
        .chars()
        .any(|c| matches!(c, '/' | '\\' | '?' | '#') || c.is_whitespace() || c.is_control())
    {
        return Err(format!(
            "an origin has no path, query or fragment ({SHAPE})"
        ));
    }
    let url = Url::parse(text).map_err(|error| format!("{error} ({SHAPE})"))?;
    Ok(url.origin().ascii_serialization())
}

/// The origin of an absolute http(s) URL (its path ignored).
pub fn origin_of_url(url: &str) -> Option<String> {
    let serialized = Url::parse(url).ok()?.origin().ascii_serialization();
    (serialized != "null").then_some(serialized)
}

/// The rule, given the request's `Origin` values already normalised (`None`
/// for one that is not an origin, such as `null`): no header means no
/// browser page is asking, and the token alone decides; the server's own
/// pages may always ask; a client without registered origins accepts any
/// page (sandbox and development); otherwise the origin must be registered.
pub fn allows(presented: &[Option<String>], own: &str, registered: &[String]) -> bool {
    registered.is_empty()
        || presented.iter().all(|origin| {
            origin
                .as_deref()
                .is_some_and(|o| o == own || registered.iter().any(|r| r == o))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_normalise_as_browsers_send_them() {
        for (given, expected) in [
            ("https://app.example.com", "https://app.example.com"),
            ("https://App.Example.COM/", "https://app.example.com"),
            ("HTTPS://app.example.com:443", "https://app.example.com"),
            ("http://localhost:5173", "http://localhost:5173"),
            ("http://127.0.0.1:80/", "http://127.0.0.1"),
            (
                "https://app.example.com:8443",
                "https://app.example.com:8443",
            ),
            ("http://[::1]:3000", "http://[::1]:3000"),
            ("https://bücher.example", "https://xn--bcher-kva.example"),
        ] {
            assert_eq!(normalize(given).as_deref(), Ok(expected), "{given}");
        }
    }

    #[test]
    fn things_that_are_not_origins_are_refused_with_a_reason() {
        for bad in [
            "app.example.com",
            "null",
            "",
            "ftp://app.example.com",
            "file:///etc/passwd",
            "https://",
            "https:///",
            "https://app.example.com/path",
            "https://app.example.com//",
            "https://app.example.com?x=1",
            "https://app.example.com#top",
            "https://*.example.com",
            "https://user:pw@app.example.com",
            "https://app .example.com",
            "https://app.example.com:99999",
            "https:app.example.com",
        ] {
            let error = normalize(bad).expect_err(bad);
            assert!(!error.is_empty() && !error.contains('\n'), "{bad}: {error}");
        }
    }

    #[test]
    fn the_rule() {
        let own = "http://127.0.0.1:8787";
        let registered = vec!["https://app.example.com".to_string()];
        let from = |o: Option<&str>| vec![o.map(str::to_string)];
        assert!(allows(
            &from(Some("https://app.example.com")),
            own,
            &registered
        ));
        assert!(allows(&from(Some(own)), own, &registered));
        assert!(allows(&[], own, &registered), "no Origin header");
        assert!(!allows(
            &from(Some("https://evil.example")),
            own,
            &registered
        ));
        assert!(!allows(&from(None), own, &registered), "null or garbage");
        assert!(!allows(
            &[
                Some("https://app.example.com".into()),
                Some("https://evil.example".into())
            ],
            own,
            &registered
        ));
        assert!(allows(&from(Some("https://evil.example")), own, &[]));
        assert!(allows(&from(None), own, &[]));
    }

    #[test]
    fn the_origin_of_a_public_url() {
        assert_eq!(
            origin_of_url("https://Connect.Example.com/base/").as_deref(),
            Some("https://connect.example.com")
        );
        assert_eq!(origin_of_url("not a url"), None);
    }
}
