//! Counting events over a sliding window, for limits kept as timestamped
//! rows in the database (so they hold across restarts and processes).

use std::time::Duration;

use crate::store::Connection;

use crate::clock::ms;

/// The `i64` first column of every row `sql` selects, e.g. event times.
pub fn times(
    connection: &Connection,
    sql: &str,
    params: impl crate::store::Params,
) -> crate::store::Result<Vec<i64>> {
    connection.query_map(sql, params, |row| row.get(0))
}

/// With `limit` or more of the ascending `sorted_times` inside the window,
/// when enough of them will have aged out to go below the limit (unix ms).
pub fn free_at(sorted_times: &[i64], limit: usize, window: Duration) -> Option<i64> {
    (limit > 0 && sorted_times.len() >= limit)
        .then(|| sorted_times[sorted_times.len() - limit] + ms(window))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_when_the_oldest_counted_event_leaves_the_window() {
        let window = Duration::from_secs(10);
        assert_eq!(free_at(&[1, 2], 3, window), None);
        assert_eq!(free_at(&[1, 2, 3], 3, window), Some(10_001));
        assert_eq!(free_at(&[1, 2, 3, 4], 3, window), Some(10_002));
        assert_eq!(free_at(&[], 0, window), None);
    }
}
