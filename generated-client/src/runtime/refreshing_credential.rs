//! [`RefreshingToken`]: a credential that gets new tokens from a
//! user-supplied async function before the current one expires.
//!
//! Timing follows the official ACS SDKs:
//! - the token's expiry is its JWT `exp` claim;
//! - a refresh starts in the background 10 minutes before expiry, or, for a
//!   token that arrived with less than 10 minutes left, halfway through its
//!   remaining life; the current token keeps being used meanwhile;
//! - within 2 minutes of expiry (or after it) callers wait for a new token;
//! - however many requests need a token at once, one refresh runs, and they
//!   all get its result; a failed refresh is an error for those callers, and
//!   the next call tries again;
//! - each refresh has a time limit ([`DEFAULT_REFRESH_TIMEOUT`], see
//!   [`RefreshingToken::with_refresh_timeout`]): a refresher that hangs or
//!   panics is a [`CredentialError`] saying which, for the callers waiting
//!   on that refresh, and the next call starts a new one.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use futures::FutureExt;
use futures::future::{BoxFuture, Shared, WeakShared};

use crate::runtime::credential::{AccessToken, CredentialError, TokenCredential};

/// A background refresh starts this long before expiry.
pub const PROACTIVE_REFRESH: Duration = Duration::from_secs(10 * 60);
/// Within this long of expiry, callers wait for a new token.
pub const ON_DEMAND_REFRESH: Duration = Duration::from_secs(2 * 60);
/// How long one call of the refresher may take unless set otherwise.
pub const DEFAULT_REFRESH_TIMEOUT: Duration = Duration::from_secs(30);

type Refresher = dyn Fn() -> BoxFuture<'static, Result<String, CredentialError>> + Send + Sync;
type Clock = dyn Fn() -> SystemTime + Send + Sync;
type Refresh = Shared<BoxFuture<'static, Result<AccessToken, CredentialError>>>;

/// A credential that refreshes its token through `refresher`; see the
/// module documentation for when.
///
/// ```
/// use acs_chat::{CredentialError, RefreshingToken};
///
/// async fn fetch_token_from_my_backend() -> Result<String, CredentialError> {
///     // e.g. call your service that issues ACS user access tokens
///     # Err(CredentialError::new("not in a doctest"))
/// }
///
/// let credential = RefreshingToken::new(fetch_token_from_my_backend);
/// let client = acs_chat::Client::builder("https://contoso.westus.communications.azure.com")
///     .credential(credential)
///     .build()?;
/// # Ok::<(), acs_chat::BuildError>(())
/// ```
#[derive(Clone)]
pub struct RefreshingToken {
    inner: Arc<Inner>,
}

struct Inner {
    refresher: Box<Refresher>,
    clock: Box<Clock>,
    state: Mutex<State>,
}

struct State {
    current: Option<Cached>,
    /// The running refresh, held weakly: when every caller waiting on it
    /// has given up (their own time limit ran out), it is dropped, and the
    /// next caller starts a new one instead of joining a hung one.
    in_flight: Option<WeakShared<BoxFuture<'static, Result<AccessToken, CredentialError>>>>,
    refresh_timeout: Duration,
}

#[derive(Clone)]
struct Cached {
    token: AccessToken,
    expires_at: SystemTime,
    refresh_at: SystemTime,
}

impl std::fmt::Debug for RefreshingToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RefreshingToken").finish_non_exhaustive()
    }
}

impl RefreshingToken {
    /// A credential whose tokens come from `refresher`, first called when
    /// the first request needs a token.
    pub fn new<F, Fut>(refresher: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<String, CredentialError>> + Send + 'static,
    {
        Self::with_clock(refresher, SystemTime::now)
    }

    /// As [`Self::new`], with the time read from `clock` (for tests).
    #[doc(hidden)]
    pub fn with_clock<F, Fut>(
        refresher: F,
        clock: impl Fn() -> SystemTime + Send + Sync + 'static,
    ) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<String, CredentialError>> + Send + 'static,
    {
        RefreshingToken {
            inner: Arc::new(Inner {
                refresher: Box::new(move || refresher().boxed()),
                clock: Box::new(clock),
                state: Mutex::new(State {
                    current: None,
                    in_flight: None,
                    refresh_timeout: DEFAULT_REFRESH_TIMEOUT,
                }),
            }),
        }
    }

    /// The time limit of one refresh (default [`DEFAULT_REFRESH_TIMEOUT`]):
    /// a refresher still running then is dropped, its callers get a
    /// [`CredentialError`], and the next call starts a new refresh.
    /// Set it before sharing the credential (it applies to refreshes
    /// started afterwards).
    pub fn with_refresh_timeout(self, limit: Duration) -> Self {
        self.inner.lock().refresh_timeout = limit;
        self
    }

    /// Starts with `token` (e.g. one the application already has) instead
    /// of calling the refresher first. Fails if it is not a JWT with `exp`.
    pub fn with_initial_token(self, token: impl Into<String>) -> Result<Self, CredentialError> {
        let now = (self.inner.clock)();
        let cached = Cached::new(token.into(), now)?;
        self.inner.lock().current = Some(cached);
        Ok(self)
    }

    fn start_refresh(&self, state: &mut State) -> Refresh {
        if let Some(running) = state.in_flight.as_ref().and_then(WeakShared::upgrade) {
            return running;
        }
        let inner = Arc::clone(&self.inner);
        let limit = state.refresh_timeout;
        // The deadline is fixed now, not at the first poll: a refresh whose
        // callers all gave up is not polled, and a later caller must not
        // wait a whole limit again for it.
        let deadline = std::time::Instant::now().checked_add(limit);
        let refresh = async move {
            // A panic in the refresher (or in reading its token) must not
            // reach the callers: a `Shared` future that panicked panics
            // again for every later poll, which would break every call for
            // the rest of the process.
            let attempt = AssertUnwindSafe(async {
                let token = (inner.refresher)().await?;
                Cached::new(token, (inner.clock)())
            })
            .catch_unwind();
            let outcome = match deadline {
                Some(deadline) => tokio::time::timeout_at(deadline.into(), attempt).await,
                None => Ok(attempt.await),
            };
            let result = match outcome {
                Ok(Ok(result)) => result,
                Ok(Err(panic)) => Err(CredentialError::new(format!(
                    "the token refresher panicked ({}); the next call starts a new refresh",
                    panic_message(panic.as_ref())
                ))),
                Err(_) => Err(CredentialError::new(format!(
                    "the token refresher did not finish within {limit:?}; the next call starts a new refresh"
                ))),
            };
            let mut state = inner.lock();
            state.in_flight = None;
            match result {
                Ok(cached) => {
                    let token = cached.token.clone();
                    state.current = Some(cached);
                    Ok(token)
                }
                Err(e) => Err(e),
            }
        }
        .boxed()
        .shared();
        state.in_flight = refresh.downgrade();
        refresh
    }
}

/// The text of a panic payload (a `&str` or `String`), at most 200 characters.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("no message");
    text.chars().take(200).collect()
}

impl Inner {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves consistent data (plain
        // assignments), so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl TokenCredential for RefreshingToken {
    fn token(&self) -> BoxFuture<'_, Result<AccessToken, CredentialError>> {
        Box::pin(async move {
            let now = (self.inner.clock)();
            let wait_for = {
                let mut state = self.inner.lock();
                match state.current.clone() {
                    Some(c) if now < c.refresh_at && now < c.on_demand_at() => return Ok(c.token),
                    Some(c) if now < c.on_demand_at() => {
                        // Proactive: refresh in the background, use the current token.
                        let refresh = self.start_refresh(&mut state);
                        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                            runtime.spawn(refresh);
                        }
                        return Ok(c.token);
                    }
                    _ => self.start_refresh(&mut state),
                }
            };
            wait_for.await
        })
    }
}

impl Cached {
    fn new(token: String, now: SystemTime) -> Result<Cached, CredentialError> {
        let expires_at = jwt_expiry(&token)?;
        let left = expires_at.duration_since(now).unwrap_or(Duration::ZERO);
        if left.is_zero() {
            return Err(CredentialError::new(
                "the refresher returned a token that has already expired",
            ));
        }
        // Checked: `now` comes from a clock and `expires_at` from the token.
        let refresh_at = if left > PROACTIVE_REFRESH {
            expires_at.checked_sub(PROACTIVE_REFRESH)
        } else {
            now.checked_add(left / 2)
        }
        .unwrap_or(now);
        Ok(Cached {
            token: AccessToken::new(token),
            expires_at,
            refresh_at,
        })
    }

    fn on_demand_at(&self) -> SystemTime {
        self.expires_at
            .checked_sub(ON_DEMAND_REFRESH)
            .unwrap_or(UNIX_EPOCH)
    }
}

/// The expiry of a JWT: its `exp` claim (seconds since the Unix epoch). The
/// signature is not checked: the service does that; here it only says when
/// to get a new token.
pub fn jwt_expiry(token: &str) -> Result<SystemTime, CredentialError> {
    let invalid =
        |why: &str| CredentialError::new(format!("the access token is not a usable JWT: {why}"));
    let mut parts = token.split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid("it does not have three dot-separated parts"));
    };
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    let bytes = engine
        .decode(payload)
        .map_err(|_| invalid("its payload is not base64url"))?;
    let claims: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|_| invalid("its payload is not JSON"))?;
    let exp = claims
        .get("exp")
        .and_then(serde_json::Value::as_f64)
        .filter(|e| e.is_finite() && *e >= 0.0 && *e < 1e12)
        .ok_or_else(|| invalid("it has no numeric `exp` claim"))?;
    Ok(UNIX_EPOCH + Duration::from_secs_f64(exp))
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

    use super::*;

    /// An unsigned JWT expiring at `exp` (seconds since the epoch).
    pub(crate) fn jwt(exp: u64, nonce: usize) -> String {
        let b64 = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        format!(
            "{}.{}.sig",
            b64(r#"{"alg":"none","typ":"JWT"}"#),
            b64(&format!(r#"{{"exp":{exp},"nonce":{nonce}}}"#))
        )
    }

    const T0: u64 = 1_800_000_000;

    struct Fixture {
        now: Arc<AtomicU64>,
        calls: Arc<AtomicUsize>,
        credential: RefreshingToken,
    }

    /// Each refresh returns a token valid for `lifetime` seconds from the
    /// fixture's current time; `fail` makes refreshes fail.
    fn fixture(
        lifetime: u64,
        fail: Arc<std::sync::atomic::AtomicBool>,
        delay: Duration,
    ) -> Fixture {
        let now = Arc::new(AtomicU64::new(T0));
        let calls = Arc::new(AtomicUsize::new(0));
        let (n, c) = (now.clone(), calls.clone());
        let credential = RefreshingToken::with_clock(
            move || {
                let (n, c, fail) = (n.clone(), c.clone(), fail.clone());
                async move {
                    tokio::time::sleep(delay).await;
                    let call = c.fetch_add(1, Ordering::SeqCst) + 1;
                    if fail.load(Ordering::SeqCst) {
                        return Err(CredentialError::new("backend down"));
                    }
                    Ok(jwt(n.load(Ordering::SeqCst) + lifetime, call))
                }
            },
            {
                let now = now.clone();
                move || UNIX_EPOCH + Duration::from_secs(now.load(Ordering::SeqCst))
            },
        );
        Fixture {
            now,
            calls,
            credential,
        }
    }

    fn no_fail() -> Arc<std::sync::atomic::AtomicBool> {
        Arc::new(std::sync::atomic::AtomicBool::new(false))
    }

    #[test]
    fn reads_exp_from_a_jwt() {
        assert_eq!(
            jwt_expiry(&jwt(T0, 0)).unwrap(),
            UNIX_EPOCH + Duration::from_secs(T0)
        );
        for bad in [
            "",
            "abc",
            "a.b",
            "a.!!!.c",
            &format!(
                "a.{}.c",
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("{}")
            ),
        ] {
            let err = jwt_expiry(bad).unwrap_err();
            assert!(err.to_string().contains("not a usable JWT"), "{bad}: {err}");
        }
    }

    #[tokio::test]
    async fn refreshes_once_for_many_concurrent_callers() {
        let f = fixture(3600, no_fail(), Duration::from_millis(50));
        let tokens = futures::future::join_all((0..100).map(|_| f.credential.token())).await;
        assert_eq!(
            f.calls.load(Ordering::SeqCst),
            1,
            "one refresh for 100 callers"
        );
        let first = tokens[0].as_ref().unwrap().clone();
        assert!(tokens.iter().all(|t| t.as_ref().unwrap() == &first));
        // Cached afterwards.
        f.credential.token().await.unwrap();
        assert_eq!(f.calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn refreshes_in_the_background_ten_minutes_before_expiry() {
        let f = fixture(3600, no_fail(), Duration::ZERO);
        let first = f.credential.token().await.unwrap();
        // 11 minutes before expiry: still fresh.
        f.now.store(T0 + 3600 - 11 * 60, Ordering::SeqCst);
        assert_eq!(f.credential.token().await.unwrap(), first);
        assert_eq!(f.calls.load(Ordering::SeqCst), 1);
        // 9 minutes before expiry: the current token is returned at once and a refresh starts.
        f.now.store(T0 + 3600 - 9 * 60, Ordering::SeqCst);
        assert_eq!(f.credential.token().await.unwrap(), first);
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(f.calls.load(Ordering::SeqCst), 2);
        assert_ne!(
            f.credential.token().await.unwrap(),
            first,
            "the new token is used"
        );
    }

    #[tokio::test]
    async fn waits_for_a_new_token_within_two_minutes_of_expiry() {
        let f = fixture(3600, no_fail(), Duration::ZERO);
        let first = f.credential.token().await.unwrap();
        f.now.store(T0 + 3600 - 60, Ordering::SeqCst);
        let second = f.credential.token().await.unwrap();
        assert_ne!(second, first);
        assert_eq!(f.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn short_lived_tokens_refresh_at_half_their_life() {
        let f = fixture(8 * 60, no_fail(), Duration::ZERO); // 8 minutes: inside the 10-minute window
        let first = f.credential.token().await.unwrap();
        f.now.store(T0 + 3 * 60, Ordering::SeqCst); // before half-life (4 min)
        assert_eq!(f.credential.token().await.unwrap(), first);
        assert_eq!(f.calls.load(Ordering::SeqCst), 1);
        f.now.store(T0 + 4 * 60 + 1, Ordering::SeqCst); // past half-life, before the 2-minute window
        assert_eq!(f.credential.token().await.unwrap(), first);
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert_eq!(f.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_failed_refresh_is_an_error_and_the_next_call_tries_again() {
        let fail = no_fail();
        let f = fixture(3600, fail.clone(), Duration::ZERO);
        fail.store(true, Ordering::SeqCst);
        let err = f.credential.token().await.unwrap_err();
        assert!(err.to_string().contains("backend down"), "{err}");
        assert_eq!(f.calls.load(Ordering::SeqCst), 1);
        fail.store(false, Ordering::SeqCst);
        assert!(f.credential.token().await.is_ok());
        assert_eq!(f.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn expired_or_malformed_tokens_from_the_refresher_are_errors() {
        let credential = RefreshingToken::new(|| async { Ok("not-a-jwt".to_string()) });
        assert!(
            credential
                .token()
                .await
                .unwrap_err()
                .to_string()
                .contains("not a usable JWT")
        );
        let credential = RefreshingToken::new(|| async { Ok(jwt(1, 0)) });
        assert!(
            credential
                .token()
                .await
                .unwrap_err()
                .to_string()
                .contains("already expired")
        );
    }

    #[test]
    fn debug_shows_no_token() {
        let credential = RefreshingToken::new(|| async { Ok(String::new()) })
            .with_initial_token(jwt(T0 * 2, 7))
            .unwrap();
        assert_eq!(format!("{credential:?}"), "RefreshingToken { .. }");
    }
}
