//! Retry policy: which failures are tried again, and how long to wait.
//!
//! Tried again: 408, 429, 500, 502, 503, 504, connection failures and
//! per-try timeouts; nothing else. The wait is the service's own
//! (`retry-after-ms`, `x-ms-retry-after-ms`, `Retry-After` in seconds or as an
//! HTTP date) when it gives one, else exponential backoff with jitter
//! (`backon`); either way at most [`RetryOptions::max_delay`]. A failure that
//! may have reached the server is tried again only for an operation whose
//! `OperationInfo::retry_safe` is true (the spec says it is safe to repeat);
//! a failure to connect, when nothing was sent, is tried again for every
//! operation (see `pipeline`).

use std::time::{Duration, SystemTime};

use backon::BackoffBuilder;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// How failed attempts are retried. `RetryOptions::default()`: 3 retries,
/// 0.8 s base delay, 60 s cap.
///
/// ```
/// use std::time::Duration;
/// use acs_chat::RetryOptions;
///
/// // Patient: more retries, longer waits allowed.
/// let patient = RetryOptions { max_retries: 6, max_delay: Duration::from_secs(120), ..Default::default() };
/// // Interactive: fail fast.
/// let none = RetryOptions::none();
/// assert_eq!(none.max_retries, 0);
/// let client = acs_chat::Client::builder("https://contoso.westus.communications.azure.com")
///     .token("<ACS user access token>")
///     .retry(patient)
///     .build()?;
/// # Ok::<(), acs_chat::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryOptions {
    /// Retries after the first attempt; 0 turns retrying off.
    pub max_retries: u32,
    /// The first backoff delay; each next one doubles, with jitter.
    pub initial_delay: Duration,
    /// No wait is longer, whatever the service asks.
    pub max_delay: Duration,
}

impl Default for RetryOptions {
    fn default() -> Self {
        RetryOptions {
            max_retries: 3,
            initial_delay: Duration::from_millis(800),
            max_delay: Duration::from_secs(60),
        }
    }
}

impl RetryOptions {
    /// No retries: every call is one attempt.
    pub fn none() -> Self {
        RetryOptions {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// The backoff delays, one per retry (jittered, capped).
    pub(crate) fn schedule(&self) -> impl Iterator<Item = Duration> + use<> {
        // backon's jitter multiplies by an `f32`, which panics near
        // `Duration::MAX`; 136 years is as good as forever here, and the
        // cap below still applies the user's own `max_delay`.
        const LONGEST: Duration = Duration::from_secs(u32::MAX as u64);
        backon::ExponentialBuilder::default()
            .with_min_delay(self.initial_delay.min(LONGEST))
            .with_max_delay(self.max_delay.min(LONGEST))
            .with_factor(2.0)
            .with_jitter()
            .with_max_times(self.max_retries as usize)
            .build()
            .map({
                let cap = self.max_delay;
                move |d| d.min(cap)
            })
    }
}

/// Whether a response status is one the policy retries.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// How long the response asks to wait, from (in this order)
/// `retry-after-ms`, `x-ms-retry-after-ms` and `Retry-After` (seconds, or an
/// HTTP date relative to `now`). Unparsable values are ignored.
pub fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    for name in ["retry-after-ms", "x-ms-retry-after-ms"] {
        if let Some(ms) = text(name).and_then(|v| v.parse::<f64>().ok())
            && ms.is_finite()
            && ms >= 0.0
        {
            return Some(Duration::from_secs_f64((ms / 1000.0).min(u32::MAX as f64)));
        }
    }
    let value = text("retry-after")?;
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, v.parse().unwrap());
        }
        map
    }

    #[test]
    fn retries_exactly_the_documented_statuses() {
        let retried: Vec<u16> = (100..600)
            .filter(|s| is_retryable_status(StatusCode::from_u16(*s).unwrap()))
            .collect();
        assert_eq!(retried, [408, 429, 500, 502, 503, 504]);
    }

    #[test]
    fn reads_every_retry_after_form() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(
            retry_after(&headers(&[("retry-after", "7")]), now),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            retry_after(&headers(&[("retry-after-ms", "1500")]), now),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(
            retry_after(&headers(&[("x-ms-retry-after-ms", "250")]), now),
            Some(Duration::from_millis(250))
        );
        let date = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            retry_after(&headers(&[("retry-after", &date)]), now),
            Some(Duration::from_secs(30))
        );
        let past = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(
            retry_after(&headers(&[("retry-after", &past)]), now),
            Some(Duration::ZERO)
        );
        // The millisecond headers win over Retry-After.
        assert_eq!(
            retry_after(
                &headers(&[("retry-after", "9"), ("retry-after-ms", "10")]),
                now
            ),
            Some(Duration::from_millis(10))
        );
        for junk in ["soon", "-1", "1e999999"] {
            assert_eq!(
                retry_after(&headers(&[("retry-after", junk)]), now),
                None,
                "{junk}"
            );
        }
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }

    #[test]
    fn schedule_has_one_capped_delay_per_retry() {
        let options = RetryOptions {
            max_retries: 5,
            initial_delay: Duration::from_millis(800),
            max_delay: Duration::from_secs(2),
        };
        let delays: Vec<_> = options.schedule().collect();
        assert_eq!(delays.len(), 5);
        assert!(
            delays
                .iter()
                .all(|d| *d >= Duration::from_millis(800) && *d <= Duration::from_secs(2)),
            "{delays:?}"
        );
        assert_eq!(RetryOptions::none().schedule().count(), 0);
    }
}
