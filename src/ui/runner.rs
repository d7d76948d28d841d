//! The single owner of the step signal. Screens receive this `Copy` handle by
//! context and can only read the step and dispatch events; the runner
//! performs the flow's effects and feeds the answers back as events.

use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::later;
use crate::api::ApiClient;
use crate::flow::{self, Call, CloseStatus, Effect, Event, HostEvent, Screen, Step};

/// Default verification window (`verificationTimeoutMs`).
pub const DEFAULT_VERIFICATION_TIMEOUT_MS: u32 = 30_000;

/// What the runner tells the host page. The host layer implements it, so
/// the views never depend on the host; only plain values cross, never a
/// secret.
pub trait HostSink {
    /// `onCredentialsSubmitted({utilityCredentialId})`.
    fn credentials_submitted(&self, utility_credential_id: i64);
    /// `onEvent(name, metadata)`.
    fn event(&self, event: &HostEvent);
    /// `onError({error: {type, message}})`.
    fn error(&self, kind: &str, message: &str);
    /// `onClose({status, utilityCredentialId?})`, then unmounting.
    fn close(&self, status: CloseStatus, utility_credential_id: Option<i64>);
}

#[derive(Clone, Copy)]
pub struct Runner {
    step: RwSignal<Step>,
    screen: Memo<Screen>,
    api: StoredValue<ApiClient, LocalStorage>,
    host: StoredValue<Rc<dyn HostSink>, LocalStorage>,
    verification_timeout_ms: u32,
}

impl Runner {
    /// Must be called inside the component's reactive owner. `first` is the
    /// flow's starting step; the host runs its effects (`run_all`) once the
    /// view is on the page.
    pub fn new(
        first: Step,
        api: ApiClient,
        host: Rc<dyn HostSink>,
        verification_timeout_ms: u32,
    ) -> Self {
        let step = RwSignal::new(first);
        Runner {
            step,
            screen: Memo::new(move |_| step.with(Step::screen)),
            api: StoredValue::new_local(api),
            host: StoredValue::new_local(host),
            verification_timeout_ms,
        }
    }

    /// The current screen (tracked).
    pub fn screen(&self) -> Screen {
        self.screen.get()
    }

    /// Reads the step without subscribing: for data that is fixed while a
    /// screen is shown.
    pub fn peek<T>(&self, read: impl FnOnce(&Step) -> T) -> Option<T> {
        self.step.try_with_untracked(|step| read(step.visible()))
    }

    /// A memo of one piece of the visible step, so that a screen re-renders
    /// only the part that changed (typing must never rebuild an input).
    pub fn select<T>(&self, read: impl Fn(&Step) -> T + Send + Sync + 'static) -> Memo<T>
    where
        T: Clone + PartialEq + Send + Sync + 'static,
    {
        let step = self.step;
        Memo::new(move |_| step.with(|step| read(step.visible())))
    }

    /// Tracked read of the whole step (including the offline wrapper).
    pub fn with<T>(&self, read: impl FnOnce(&Step) -> T) -> Option<T> {
        self.step.try_with(read)
    }

    /// Stops the flow without reporting anything (the host destroyed it).
    pub(crate) fn halt(&self) {
        let _ = self.step.try_set(Step::Closed);
    }

    pub fn dispatch(&self, event: Event) {
        // After unmount the signal is gone: a late answer just ends here.
        let Some((next, effects)) = self
            .step
            .try_with_untracked(|step| flow::transition(step, event))
        else {
            return;
        };
        if self.step.try_set(next).is_some() {
            return;
        }
        self.run_all(effects);
    }

    pub(crate) fn run_all(&self, effects: Vec<Effect>) {
        for effect in effects {
            self.run(effect);
        }
    }

    /// Cloned out of the store first: the host's `onClose` may destroy the
    /// component, store included.
    fn host(&self) -> Option<Rc<dyn HostSink>> {
        self.host.try_get_value()
    }

    fn run(&self, effect: Effect) {
        // One future type for every timed or awaited effect: each distinct
        // `async` block spawned is its own state machine and task glue.
        let later = |delay_ms, work| spawn_local(self.later(delay_ms, work));
        match effect {
            Effect::Call(call) => later(None, Later::Call(call)),
            Effect::CallAfter { call, delay_ms } => {
                later(Some(delay_ms), Later::CallIfAwaited(call))
            }
            Effect::StartWindow(window) => later(
                Some(self.verification_timeout_ms),
                Later::WindowElapsed(window),
            ),
            Effect::CredentialsSubmitted(id) => {
                if let Some(host) = self.host() {
                    host.credentials_submitted(id);
                }
            }
            Effect::Emit(event) => {
                if let Some(host) = self.host() {
                    host.event(&event);
                }
            }
            Effect::ReportError(failure) => {
                if let Some(host) = self.host() {
                    host.error(failure.kind.as_str(), &failure.message);
                }
            }
            Effect::Close {
                status,
                utility_credential_id,
            } => {
                if let Some(host) = self.host() {
                    host.close(status, utility_credential_id);
                }
            }
        }
    }

    async fn later(self, delay_ms: Option<u32>, work: Later) {
        if let Some(delay_ms) = delay_ms {
            TimeoutFuture::new(delay_ms).await;
        }
        let call = match work {
            Later::WindowElapsed(window) => {
                self.dispatch(Event::WindowElapsed(window));
                return;
            }
            Later::Call(call) => call,
            Later::CallIfAwaited(call) => {
                let wanted = self
                    .step
                    .try_with_untracked(|step| flow::awaits(step, &call))
                    .unwrap_or(false);
                if !wanted {
                    return;
                }
                call
            }
        };
        let Some(api) = self.api.try_get_value() else {
            return;
        };
        // The session check is what the first screen waits for; every other
        // call's code comes with the later screens (`later`).
        let event = match call {
            Call::LoadSession => match api.session().await {
                Ok(session) => Event::SessionLoaded(session),
                Err(failure) => Event::CallFailed { call, failure },
            },
            call => later::later_call(api, call).await,
        };
        self.dispatch(event);
    }
}

/// What a spawned effect does once its pause (if any) is over.
enum Later {
    Call(Call),
    /// Only if the flow still awaits it then.
    CallIfAwaited(Call),
    WindowElapsed(u32),
}
