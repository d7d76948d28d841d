//! Utility credentials: the stored row, its views, and every status change.
//!
//! All writes that change `status` go through `apply`, which also writes the
//! webhook event in the same transaction: there is no path that changes a
//! status without its event, or sends an event for a change that rolled back.

use crate::store::{params, Connection, OptionalExtension};
use protocol::{
    ConnectStatus, MfaChallenge, MfaDestination, MfaMethod, UtilityCredential, UtilityRef,
    VerificationStatus,
};
use serde::{Deserialize, Serialize};

use crate::clock::rfc3339_ms;
use crate::crypto::{credential_aad, Sealer};
use crate::directory::Directory;
use crate::error::Failure;
use crate::provider::{MfaOffer, ProviderState};
use crate::secret::Login;
use crate::state::AppState;
use crate::store::unknown_word;
use crate::token_usage::Usage;
use crate::webhooks::outbox;

/// What the server does next with a credential.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// The worker logs in with the provider when `due_at_ms` comes.
    Verifying,
    /// The utility asked for a one-time code; the user picks how to get it.
    ChooseMethod,
    /// The code is on its way; the user types it.
    EnterCode,
    /// Nothing in flight. For a verified credential `due_at_ms` is its next re-check.
    Settled,
}

impl Stage {
    fn as_str(self) -> &'static str {
        match self {
            Stage::Verifying => "verifying",
            Stage::ChooseMethod => "choose_method",
            Stage::EnterCode => "enter_code",
            Stage::Settled => "settled",
        }
    }

    fn parse(text: &str) -> Option<Stage> {
        [
            Stage::Verifying,
            Stage::ChooseMethod,
            Stage::EnterCode,
            Stage::Settled,
        ]
        .into_iter()
        .find(|stage| stage.as_str() == text)
    }
}

/// A challenge in progress; destinations are masked by the utility, so this
/// is stored in clear.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MfaState {
    pub offers: Vec<(MfaMethod, String)>,
    pub method: Option<MfaMethod>,
    pub code_attempts_left: u8,
    pub last_code_rejected: bool,
    pub resends: u8,
}

impl MfaState {
    pub fn new(offers: Vec<MfaOffer>, code_attempts_left: u8) -> MfaState {
        MfaState {
            offers: offers
                .into_iter()
                .map(|offer| (offer.method, offer.destination))
                .collect(),
            method: None,
            code_attempts_left,
            last_code_rejected: false,
            resends: 0,
        }
    }

    pub fn destination(&self, method: MfaMethod) -> Option<&str> {
        self.offers
            .iter()
            .find(|(m, _)| *m == method)
            .map(|(_, d)| d.as_str())
    }

    fn to_wire(&self) -> MfaChallenge {
        MfaChallenge {
            methods: self.offers.iter().map(|(m, _)| *m).collect(),
            method: self.method,
            destination: self
                .method
                .and_then(|m| self.destination(m))
                .map(str::to_string),
            destinations: self
                .offers
                .iter()
                .map(|(method, destination)| MfaDestination {
                    method: *method,
                    destination: destination.clone(),
                })
                .collect(),
            code_attempts_left: self.code_attempts_left,
            last_code_rejected: self.last_code_rejected,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Row {
    pub id: i64,
    pub client_id: String,
    pub client_user_id: String,
    pub utility_id: u32,
    pub status: VerificationStatus,
    pub stage: Stage,
    /// Bumped by every submission: a worker result for an older one is dropped.
    pub generation: i64,
    pub due_at_ms: Option<i64>,
    /// The connect token (`jti`) behind the current submission; only it may
    /// answer that submission's one-time-code challenge.
    pub submitted_by: Option<String>,
    pub mfa: Option<MfaState>,
    pub created_at_ms: i64,
    pub updated_at_ms: i64,
    pub verification_updated_at_ms: i64,
}

const COLUMNS: &str =
    "id, client_id, client_user_id, utility_id, status, stage, generation, due_at_ms,
    submitted_by, mfa, created_at_ms, updated_at_ms, verification_updated_at_ms";

fn from_sql(row: &crate::store::Row) -> crate::store::Result<Row> {
    let status: String = row.get(4)?;
    let status =
        VerificationStatus::parse(&status).ok_or_else(|| unknown_word(4, "status", &status))?;
    let stage: String = row.get(5)?;
    let stage = Stage::parse(&stage).ok_or_else(|| unknown_word(5, "stage", &stage))?;
    let mfa = match row.get::<_, Option<String>>(9)? {
        None => None,
        Some(json) => Some(
            serde_json::from_str(&json)
                .map_err(|_| unknown_word(9, "one-time-code state", "(not readable)"))?,
        ),
    };
    Ok(Row {
        id: row.get(0)?,
        client_id: row.get(1)?,
        client_user_id: row.get(2)?,
        utility_id: row.get(3)?,
        status,
        stage,
        generation: row.get(6)?,
        due_at_ms: row.get(7)?,
        submitted_by: row.get(8)?,
        mfa,
        created_at_ms: row.get(10)?,
        updated_at_ms: row.get(11)?,
        verification_updated_at_ms: row.get(12)?,
    })
}

pub fn load(connection: &Connection, id: i64) -> crate::store::Result<Option<Row>> {
    connection
        .query_row(
            &format!("SELECT {COLUMNS} FROM utility_credentials WHERE id = ?1"),
            [id],
            from_sql,
        )
        .optional()
}

/// The credential if it exists and belongs to `client_id`; otherwise the
/// same 404 either way, so ids of other clients cannot be probed.
pub fn load_owned(connection: &Connection, client_id: &str, id: i64) -> Result<Row, Failure> {
    load(connection, id)?
        .filter(|row| row.client_id == client_id)
        .ok_or_else(Failure::credential_not_found)
}

pub fn list_for_user(
    connection: &Connection,
    client_id: &str,
    client_user_id: &str,
) -> crate::store::Result<Vec<Row>> {
    connection.query_map(
        &format!("SELECT {COLUMNS} FROM utility_credentials WHERE client_id = ?1 AND client_user_id = ?2 ORDER BY id"),
        params![client_id, client_user_id],
        from_sql,
    )
}

pub fn utility_ref(directory: &Directory, utility_id: u32) -> UtilityRef {
    let name = directory
        .get(utility_id)
        .map(|u| u.name)
        .unwrap_or_else(|| format!("Utility {utility_id}"));
    UtilityRef {
        id: utility_id,
        name,
    }
}

/// The host's view: never a username, password or code.
pub fn to_wire(state: &AppState, row: &Row) -> UtilityCredential {
    UtilityCredential {
        id: row.id,
        client_user_id: row.client_user_id.clone(),
        utility: utility_ref(&state.directory, row.utility_id),
        verification_status: row.status,
        created_at: rfc3339_ms(row.created_at_ms),
        updated_at: rfc3339_ms(row.updated_at_ms),
        verification_updated_at: rfc3339_ms(row.verification_updated_at_ms),
        sandboxed: state.provider.sandboxed(),
    }
}

/// The component's view.
pub fn to_status(row: &Row, usage: &Usage) -> ConnectStatus {
    ConnectStatus {
        utility_credential_id: row.id,
        verification_status: row.status,
        mfa: row.mfa.as_ref().map(MfaState::to_wire),
        submissions_left: usage.submissions_left(),
    }
}

pub fn seal_login(sealer: &Sealer, id: i64, client_id: &str, login: &Login) -> Vec<u8> {
    sealer.seal(
        &credential_aad("secret", id, client_id),
        &login.to_plaintext(),
    )
}

/// Decrypts the stored login. A failure means the key changed or the row was
/// tampered with; the caller treats the credential as unusable.
pub fn open_login(connection: &Connection, sealer: &Sealer, row: &Row) -> Result<Login, String> {
    let blob: Vec<u8> = connection
        .query_row(
            "SELECT secret FROM utility_credentials WHERE id = ?1",
            [row.id],
            |r| r.get(0),
        )
        .map_err(|error| error.to_string())?;
    let plaintext = sealer
        .open(&credential_aad("secret", row.id, &row.client_id), &blob)
        .map_err(|_| format!("credential {} cannot be decrypted with this key", row.id))?;
    Login::from_plaintext(row.utility_id, &plaintext)
        .ok_or_else(|| format!("credential {} is damaged", row.id))
}

pub fn open_provider_state(
    connection: &Connection,
    sealer: &Sealer,
    row: &Row,
) -> Result<ProviderState, String> {
    let blob: Option<Vec<u8>> = connection
        .query_row(
            "SELECT provider_state FROM utility_credentials WHERE id = ?1",
            [row.id],
            |r| r.get(0),
        )
        .map_err(|error| error.to_string())?;
    match blob {
        None => Ok(None),
        Some(blob) => sealer
            .open(
                &credential_aad("provider_state", row.id, &row.client_id),
                &blob,
            )
            .map(Some)
            .map_err(|_| {
                format!(
                    "provider state of credential {} cannot be decrypted",
                    row.id
                )
            }),
    }
}

/// The new state of a credential after a step.
pub struct Change {
    pub status: VerificationStatus,
    pub stage: Stage,
    pub due_at_ms: Option<i64>,
    pub mfa: Option<MfaState>,
    /// `None` leaves the stored provider state as it is.
    pub provider_state: Option<ProviderState>,
}

impl Change {
    /// Nothing left to do: no re-check, no challenge, the provider's session dropped.
    pub fn settled(status: VerificationStatus) -> Change {
        Change {
            status,
            stage: Stage::Settled,
            due_at_ms: None,
            mfa: None,
            provider_state: Some(None),
        }
    }

    /// Verified, logged into again at `recheck_at_ms` with the provider's session kept.
    pub fn verified(recheck_at_ms: i64, provider_state: ProviderState) -> Change {
        Change {
            due_at_ms: Some(recheck_at_ms),
            provider_state: Some(provider_state),
            ..Change::settled(VerificationStatus::Verified)
        }
    }
}

/// Writes `change` and, when the status moves to a reportable one, its
/// webhook event. Call inside a transaction.
pub fn apply(
    connection: &Connection,
    state: &AppState,
    row: &Row,
    change: Change,
    now_ms: i64,
) -> crate::store::Result<Row> {
    let status_changed = change.status != row.status;
    let mfa = change
        .mfa
        .as_ref()
        .map(|m| serde_json::to_string(m).expect("mfa state serializes"));
    connection.execute(
        "UPDATE utility_credentials SET status = ?2, stage = ?3, due_at_ms = ?4, mfa = ?5, updated_at_ms = ?6,
             verification_updated_at_ms = CASE WHEN ?7 THEN ?6 ELSE verification_updated_at_ms END
         WHERE id = ?1",
        params![row.id, change.status.as_str(), change.stage.as_str(), change.due_at_ms, mfa, now_ms, status_changed],
    )?;
    if let Some(provider_state) = change.provider_state {
        let sealed = provider_state.map(|bytes| {
            state.sealer.seal(
                &credential_aad("provider_state", row.id, &row.client_id),
                &bytes,
            )
        });
        connection.execute(
            "UPDATE utility_credentials SET provider_state = ?2 WHERE id = ?1",
            params![row.id, sealed],
        )?;
    }
    let updated = load(connection, row.id)?.ok_or(crate::store::Error::NoRows)?;
    if status_changed {
        if let Some(event_type) = outbox::event_type_for(updated.status) {
            outbox::enqueue(
                connection,
                &updated.client_id,
                event_type,
                &to_wire(state, &updated),
                now_ms,
            )?;
            state.webhook_wake.notify_one();
        }
    }
    Ok(updated)
}

/// A new submission: pending, verification due now, fresh provider state.
pub fn insert_submission(
    connection: &Connection,
    sealer: &Sealer,
    client_id: &str,
    client_user_id: &str,
    login: &Login,
    jti: &str,
    now_ms: i64,
) -> crate::store::Result<i64> {
    let id: i64 = connection.query_row(
        "INSERT INTO utility_credentials (client_id, client_user_id, utility_id, status, stage, generation, due_at_ms,
             secret, submitted_by, created_at_ms, updated_at_ms, verification_updated_at_ms)
         VALUES (?1, ?2, ?3, 'pending', 'verifying', 1, ?4, ?6, ?5, ?4, ?4, ?4) RETURNING id",
        params![client_id, client_user_id, login.utility_id, now_ms, jti, Vec::<u8>::new()],
        |row| row.get(0),
    )?;
    // The AAD names the row id, which exists only after the insert.
    connection.execute(
        "UPDATE utility_credentials SET secret = ?2 WHERE id = ?1",
        params![id, seal_login(sealer, id, client_id, login)],
    )?;
    Ok(id)
}

/// Replaces the login of an existing credential (update mode, or a retry on
/// the same create token): same id, new generation, verification due now.
pub fn resubmit(
    connection: &Connection,
    sealer: &Sealer,
    row: &Row,
    login: &Login,
    jti: &str,
    now_ms: i64,
) -> crate::store::Result<()> {
    let status_changed = row.status != VerificationStatus::Pending;
    connection
        .execute(
            "UPDATE utility_credentials SET utility_id = ?2, secret = ?3, provider_state = NULL, status = 'pending',
                 stage = 'verifying', generation = generation + 1, due_at_ms = ?4, submitted_by = ?5, mfa = NULL,
                 updated_at_ms = ?4,
                 verification_updated_at_ms = CASE WHEN ?6 THEN ?4 ELSE verification_updated_at_ms END
             WHERE id = ?1",
            params![row.id, login.utility_id, seal_login(sealer, row.id, &row.client_id, login), now_ms, jti, status_changed],
        )
        .map(|_| ())
}

/// A lock on one credential row (its `claimed` column) for one provider
/// call, so that no two calls (worker and user, or two clicks) act on it at
/// once. Released on drop, even if the call panics or the request is
/// cancelled. (Not to be confused with a connect token's claims.)
pub struct CredentialLock {
    db: crate::store::Db,
    id: i64,
    _renewal: crate::leases::Renewal,
}

impl CredentialLock {
    /// `None` if another call holds it or the submission moved on.
    pub fn take(
        connection: &Connection,
        db: &crate::store::Db,
        id: i64,
        generation: i64,
    ) -> crate::store::Result<Option<CredentialLock>> {
        let now = crate::clock::now_ms();
        let taken = connection.execute(
            "UPDATE utility_credentials SET claimed = ?3, lease_owner = ?4
             WHERE id = ?1 AND generation = ?2 AND claimed < ?5",
            params![id, generation, crate::leases::expiry(now), db.owner(), now],
        )?;
        Ok((taken == 1).then(|| CredentialLock::adopt(db, id)))
    }

    /// For rows the worker already leased in its batch query.
    pub fn adopt(db: &crate::store::Db, id: i64) -> CredentialLock {
        CredentialLock {
            db: db.clone(),
            id,
            _renewal: crate::leases::Renewal::credential(db, id),
        }
    }
}

impl Drop for CredentialLock {
    fn drop(&mut self) {
        // Never dropped while the same thread holds the database lock: every
        // holder releases the database lock before its row lock goes out of scope.
        if let Err(error) = self.db.lock().execute(
            "UPDATE utility_credentials SET claimed = 0, lease_owner = NULL WHERE id = ?1 AND lease_owner = ?2",
            params![self.id, self.db.owner()],
        ) {
            tracing::error!("cannot unlock credential {}: {error}", self.id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients;
    use crate::secret::Secret;
    use crate::store::Db;

    fn stored_credential(db: &Db) -> i64 {
        let connection = db.lock();
        let client = clients::insert(
            &connection,
            &crate::crypto::Sealer::new(&[7; 32]),
            "Test App",
            None,
            &[],
            false,
        )
        .unwrap();
        let login = Login {
            utility_id: 4110,
            username: Secret::new("someone".into()),
            password: Secret::new("verified".into()),
            account_number: None,
        };
        let sealer = Sealer::new(&[1; 32]);
        insert_submission(
            &connection,
            &sealer,
            &client.client_id,
            "user",
            &login,
            "jti",
            1,
        )
        .unwrap()
    }

    #[test]
    fn an_unknown_word_in_a_row_is_an_error_not_a_guess() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(dir.path()).unwrap();
        let id = stored_credential(&db);
        let row = load(&db.lock(), id).unwrap().unwrap();
        assert_eq!(
            (row.status, row.stage),
            (VerificationStatus::Pending, Stage::Verifying)
        );
        for (column, stored) in [("status", "'paused'"), ("stage", "'later'"), ("mfa", "'{'")] {
            let connection = db.lock();
            let saved: String = connection
                .query_row(
                    &format!("SELECT quote({column}) FROM utility_credentials WHERE id = ?1"),
                    [id],
                    |r| r.get(0),
                )
                .unwrap();
            let set = |value: &str| {
                connection
                    .execute(
                        &format!("UPDATE utility_credentials SET {column} = {value} WHERE id = ?1"),
                        [id],
                    )
                    .unwrap()
            };
            set(stored);
            let error = load(&connection, id).expect_err(column).to_string();
            assert!(error.contains("unknown"), "{column}: {error}");
            set(&saved);
            assert!(load(&connection, id).is_ok(), "{column} restored");
        }
    }
}
