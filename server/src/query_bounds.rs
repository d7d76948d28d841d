//! `limit` query parameters: out of the documented range is a 400, not a
//! silent clamp, so the API document and the server agree.

use crate::error::Failure;

pub fn limit<N>(given: Option<N>, default: N, max: N) -> Result<N, Failure>
where
    N: Copy + PartialOrd + From<u8> + std::fmt::Display,
{
    match given {
        None => Ok(default),
        Some(n) if n >= N::from(1) && n <= max => Ok(n),
        Some(n) => Err(Failure::bad_request(format!(
            "limit {n} is not between 1 and {max}"
        ))),
    }
}
