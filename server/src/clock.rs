//! Wall-clock helpers. Public timestamps are RFC 3339 seconds; scheduling
//! columns are unix milliseconds so that sub-second test timings work.

pub fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

pub fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

pub fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|moment| {
            moment
                .format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

pub fn rfc3339_ms(unix_ms: i64) -> String {
    rfc3339(unix_ms.div_euclid(1000))
}

/// A duration as whole milliseconds for arithmetic on `*_ms` columns.
pub fn ms(duration: std::time::Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}
