//! The screens of the flow, each with the data it needs inside it.

use protocol::{error_types, MfaChallenge, Mode, Utility};

use super::event::Call;
use super::validate;

/// What the whole flow knows, carried from step to step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ctx {
    pub mode: Mode,
    /// The host app's name, from the token.
    pub client_name: String,
    /// The host app's registered logo, from the session (shown only when safe).
    pub logo_url: Option<String>,
    /// From the token in update mode; from the first submission in create mode.
    pub utility_credential_id: Option<i64>,
    /// Create mode's head start from the host's `newCredentialData`.
    pub prefill: Prefill,
    /// The last verdict on a submission, for the close status.
    pub outcome: Option<Outcome>,
    /// Counts verification windows, so that a late timer or poll is told apart.
    pub windows: u32,
    /// From the session; `None` until the server has confirmed it.
    pub submissions_left: Option<u8>,
}

impl Ctx {
    /// Whether the server has confirmed the session. The first screen is
    /// drawn from the token's claims at once, while the session is checked;
    /// until the answer, the user cannot act on it (a token the server
    /// refuses turns the screen into its error screen instead).
    pub fn checked(&self) -> bool {
        self.submissions_left.is_some()
    }
}

/// The host's `newCredentialData`, already checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Prefill {
    pub zip: Option<String>,
    pub utility_id: Option<u32>,
}

impl Prefill {
    pub fn is_empty(&self) -> bool {
        self.zip.is_none() && self.utility_id.is_none()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Rejected,
    Error,
}

/// The utility the user signs in to, and the zip it was found by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub utility: Utility,
    pub zip: Option<String>,
    /// The search it was picked from, as typed, so that "Back" returns there.
    pub search_query: Option<String>,
}

/// The state of one utility lookup (by zip or by name).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Lookup {
    /// Nothing to look up yet (empty or invalid input).
    #[default]
    Idle,
    Loading,
    /// The answer; an empty list means "no data".
    Done(Vec<Utility>),
}

impl Lookup {
    pub fn utilities(&self) -> &[Utility] {
        match self {
            Lookup::Done(list) => list,
            _ => &[],
        }
    }
}

/// The search by utility name ("my utility isn't listed").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    /// As typed.
    pub query: String,
    pub results: Lookup,
    pub selected: Option<u32>,
    /// Coming back from the form: the utility the user had picked here.
    /// Nothing else is ever chosen for the user in a search.
    pub prefer: Option<u32>,
}

/// The utility screen: a zip code, the utilities serving it, and the search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picker {
    pub ctx: Ctx,
    /// As typed.
    pub zip: String,
    pub results: Lookup,
    pub selected: Option<u32>,
    /// The utility to pre-select when it is in the answer (prefill, or coming back).
    pub prefer: Option<u32>,
    pub search: Option<Search>,
}

impl Picker {
    /// The zip is shown as wrong once something was typed that isn't 5 digits.
    pub fn zip_error(&self) -> bool {
        !self.zip.is_empty() && !validate::is_zip(&self.zip)
    }

    /// The utility "Continue" would go on with, and where it was found.
    pub fn chosen(&self) -> Option<(&Utility, bool)> {
        match &self.search {
            Some(search) => {
                let id = search.selected?;
                search
                    .results
                    .utilities()
                    .iter()
                    .find(|u| u.id == id)
                    .map(|u| (u, true))
            }
            None => {
                let id = self.selected?;
                self.results
                    .utilities()
                    .iter()
                    .find(|u| u.id == id)
                    .map(|u| (u, false))
            }
        }
    }
}

/// What the credentials screen says above the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// The utility refused the login.
    Rejected,
    /// Too many wrong one-time codes: sign in again for a new one.
    CodesUsedUp,
    /// The API refused the form (422).
    NotAccepted,
    /// This login failed too often recently; the server no longer tries it,
    /// so that the user is not locked out at the utility itself.
    LoginLocked,
}

/// Which fields are missing; shown next to each field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors {
    pub username: bool,
    pub password: bool,
    pub account_number: bool,
}

impl FieldErrors {
    pub fn any(&self) -> bool {
        self.username || self.password || self.account_number
    }
}

/// The credentials screen. The password is never here: it lives in the DOM
/// input until submitted, then only in the submission's `Call`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Form {
    pub ctx: Ctx,
    pub choice: Choice,
    /// Kept when coming back after a rejection.
    pub username: String,
    pub account_number: String,
    pub notice: Option<Notice>,
    pub errors: FieldErrors,
    /// Sent, not yet accepted by the API: the form stays, busy, so that
    /// "Checking your login" always has a credential id behind it.
    pub submitting: bool,
}

impl Form {
    /// The form takes no submission: one is being sent, or (update mode's
    /// first screen) the server has not yet confirmed the session.
    pub fn busy(&self) -> bool {
        self.submitting || !self.ctx.checked()
    }
}

/// Waiting for the utility's verdict on credential `id`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wait {
    pub ctx: Ctx,
    pub choice: Choice,
    pub id: i64,
    /// Status answers so far (drives the back-off).
    pub polls: u32,
    /// This wait's verification window (see `Ctx::windows`).
    pub window: u32,
    /// To refill the form after a rejection.
    pub username: String,
    pub account_number: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MfaNotice {
    WrongCode,
    CodeResent,
    /// Verify was pressed with an empty or non-numeric code.
    EnterCode,
}

/// The utility wants a one-time code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mfa {
    pub ctx: Ctx,
    pub choice: Choice,
    pub id: i64,
    pub challenge: MfaChallenge,
    /// A request is in flight: buttons do nothing (double clicks).
    pub busy: bool,
    pub notice: Option<MfaNotice>,
    pub username: String,
    pub account_number: String,
}

/// A result screen (verified or timed out).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Done {
    pub ctx: Ctx,
    pub choice: Choice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// The token cannot be read or the server refused it.
    InvalidToken,
    /// The token is fine, but its client did not register the page's origin
    /// (API 403 `origin_not_allowed`): the host must fix its setup.
    OriginNotAllowed,
    ExpiredToken,
    /// The token's submissions or codes are used up.
    AttemptsExhausted,
    /// The server could not be reached.
    Network,
    /// The server answered with something unusable (5xx, malformed JSON).
    Server,
    /// The server refused a request's content (400/422 `validation_error`).
    Invalid,
    /// The utility could not check the login (`verification_status: error`).
    Utility,
    /// The server refuses this login for a while after repeated failures.
    LoginLocked,
    /// The host's config had a problem (reported, never shown).
    InvalidConfig,
    /// A modal `open()` while another Connect modal is open (reported,
    /// never shown: the open one stays as it is).
    AlreadyOpen,
}

impl FailureKind {
    /// Every kind, so every `type` the component can hand to `onError`.
    pub const ALL: [FailureKind; 11] = [
        FailureKind::InvalidToken,
        FailureKind::OriginNotAllowed,
        FailureKind::ExpiredToken,
        FailureKind::AttemptsExhausted,
        FailureKind::Network,
        FailureKind::Server,
        FailureKind::Invalid,
        FailureKind::Utility,
        FailureKind::LoginLocked,
        FailureKind::InvalidConfig,
        FailureKind::AlreadyOpen,
    ];

    /// The `type` handed to the host's `onError`.
    pub fn as_str(self) -> &'static str {
        match self {
            // The API's own words where the API reports the same thing.
            FailureKind::InvalidToken => error_types::INVALID_CONNECT_TOKEN,
            FailureKind::OriginNotAllowed => error_types::ORIGIN_NOT_ALLOWED,
            FailureKind::ExpiredToken => error_types::CONNECT_TOKEN_EXPIRED,
            FailureKind::AttemptsExhausted => error_types::ATTEMPTS_EXHAUSTED,
            FailureKind::Network => "network_error",
            FailureKind::Server => "server_error",
            FailureKind::Invalid => error_types::VALIDATION,
            FailureKind::Utility => "verification_error",
            FailureKind::LoginLocked => error_types::LOGIN_TEMPORARILY_LOCKED,
            FailureKind::InvalidConfig => "invalid_config",
            FailureKind::AlreadyOpen => "already_open",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    /// For the host's `onError`; screens word their own text from `kind`.
    pub message: String,
}

impl Failure {
    pub fn new(kind: FailureKind, message: impl Into<String>) -> Self {
        Failure {
            kind,
            message: message.into(),
        }
    }
}

/// Where "Try again" or "Retry" goes back to, and the call it repeats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resume {
    pub step: Step,
    pub call: Option<Call>,
}

/// An error screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failed {
    pub failure: Failure,
    pub ctx: Option<Ctx>,
    /// `None` for dead ends (token expired, invalid or spent).
    pub retry: Option<Resume>,
}

/// The connection dropped during `call`: `behind` stays on screen with a
/// "Retry" alert. The call is kept unsent until Retry or Close (for a
/// submission that includes the password, which then leaves with the request).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offline {
    pub behind: Step,
    pub call: Call,
}

/// The server's terms and privacy pages, from the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Legal {
    pub terms_url: String,
    pub privacy_url: String,
}

/// The screen being shown, with the data that screen needs inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Drawn from the token's claims; `legal` (and `ctx.checked()`) once
    /// the session answers.
    Consent {
        ctx: Ctx,
        legal: Option<Legal>,
    },
    Utility(Picker),
    Credentials(Form),
    Verifying(Wait),
    MfaMethod(Mfa),
    MfaCode(Mfa),
    Verified(Done),
    TimedOut(Done),
    Failed(Box<Failed>),
    Offline(Box<Offline>),
    Closed,
}

/// Which screen a step shows: what the view switches on, and what
/// `screen_viewed` reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Screen {
    Consent,
    Utility,
    Credentials,
    Verifying,
    MfaMethod,
    MfaCode,
    Verified,
    TimedOut,
    Error,
    SessionExpired,
    InvalidToken,
    OriginNotAllowed,
    AttemptsExhausted,
    Closed,
}

impl Screen {
    pub fn as_str(self) -> &'static str {
        match self {
            Screen::Consent => "consent",
            Screen::Utility => "utility",
            Screen::Credentials => "credentials",
            Screen::Verifying => "verifying",
            Screen::MfaMethod => "mfa_method",
            Screen::MfaCode => "mfa_code",
            Screen::Verified => "verified",
            Screen::TimedOut => "timed_out",
            Screen::Error => "error",
            Screen::SessionExpired => "session_expired",
            Screen::InvalidToken => "invalid_token",
            Screen::OriginNotAllowed => "origin_not_allowed",
            Screen::AttemptsExhausted => "attempts_exhausted",
            Screen::Closed => "closed",
        }
    }
}

impl Step {
    pub fn screen(&self) -> Screen {
        match self {
            Step::Consent { .. } => Screen::Consent,
            Step::Utility(_) => Screen::Utility,
            Step::Credentials(_) => Screen::Credentials,
            Step::Verifying(_) => Screen::Verifying,
            Step::MfaMethod(_) => Screen::MfaMethod,
            Step::MfaCode(_) => Screen::MfaCode,
            Step::Verified(_) => Screen::Verified,
            Step::TimedOut(_) => Screen::TimedOut,
            Step::Failed(failed) => match failed.failure.kind {
                FailureKind::ExpiredToken => Screen::SessionExpired,
                FailureKind::InvalidToken => Screen::InvalidToken,
                FailureKind::OriginNotAllowed => Screen::OriginNotAllowed,
                FailureKind::AttemptsExhausted => Screen::AttemptsExhausted,
                _ => Screen::Error,
            },
            Step::Offline(offline) => offline.behind.screen(),
            Step::Closed => Screen::Closed,
        }
    }

    /// The step whose screen is shown (looks through the offline alert).
    pub fn visible(&self) -> &Step {
        match self {
            Step::Offline(offline) => offline.behind.visible(),
            step => step,
        }
    }

    pub fn is_offline(&self) -> bool {
        matches!(self, Step::Offline(_))
    }

    pub fn ctx(&self) -> Option<&Ctx> {
        match self {
            Step::Consent { ctx, .. } => Some(ctx),
            Step::Utility(picker) => Some(&picker.ctx),
            Step::Credentials(form) => Some(&form.ctx),
            Step::Verifying(wait) => Some(&wait.ctx),
            Step::MfaMethod(mfa) | Step::MfaCode(mfa) => Some(&mfa.ctx),
            Step::Verified(done) | Step::TimedOut(done) => Some(&done.ctx),
            Step::Failed(failed) => failed.ctx.as_ref(),
            Step::Offline(offline) => offline.behind.ctx(),
            Step::Closed => None,
        }
    }

    /// The utility the user is signing in to, once chosen.
    pub fn choice(&self) -> Option<&Choice> {
        match self {
            Step::Credentials(form) => Some(&form.choice),
            Step::Verifying(wait) => Some(&wait.choice),
            Step::MfaMethod(mfa) | Step::MfaCode(mfa) => Some(&mfa.choice),
            Step::Verified(done) | Step::TimedOut(done) => Some(&done.choice),
            Step::Failed(failed) => failed
                .retry
                .as_ref()
                .and_then(|resume| resume.step.choice()),
            Step::Offline(offline) => offline.behind.choice(),
            _ => None,
        }
    }
}
