//! The single owner of the step signal. Screens receive this `Copy` handle by
//! context and can only read the step and dispatch events; the runner
//! performs the flow's effects and feeds the answers back as events.

use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiClient;
use crate::flow::{self, Call, Effect, Event, Screen, Step};
use crate::host::Callbacks;

/// Default verification window (`verificationTimeoutMs`).
pub const DEFAULT_VERIFICATION_TIMEOUT_MS: u32 = 30_000;

struct HostLink {
    callbacks: Callbacks,
    /// Asks the host layer to unmount the component.
    on_finished: Rc<dyn Fn()>,
}

#[derive(Clone, Copy)]
pub struct Runner {
    step: RwSignal<Step>,
    screen: Memo<Screen>,
    api: StoredValue<ApiClient, LocalStorage>,
    host: StoredValue<HostLink, LocalStorage>,
    verification_timeout_ms: u32,
}

impl Runner {
    /// Must be called inside the component's reactive owner.
    pub fn new(
        api: ApiClient,
        callbacks: Callbacks,
        on_finished: Rc<dyn Fn()>,
        verification_timeout_ms: u32,
    ) -> Self {
        let step = RwSignal::new(Step::Closed);
        Runner {
            step,
            screen: Memo::new(move |_| step.with(Step::screen)),
            api: StoredValue::new_local(api),
            host: StoredValue::new_local(HostLink {
                callbacks,
                on_finished,
            }),
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

    /// Sets the first step; its effects are run by `run_all` once mounted.
    pub(crate) fn begin(&self, step: Step) {
        self.step.set(step);
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

    fn callbacks(&self) -> Option<Callbacks> {
        self.host.try_with_value(|host| host.callbacks.clone())
    }

    fn run(&self, effect: Effect) {
        let runner = *self;
        match effect {
            Effect::Call(call) => spawn_local(async move { runner.perform(call).await }),
            Effect::CallAfter { call, delay_ms } => spawn_local(async move {
                TimeoutFuture::new(delay_ms).await;
                let wanted = runner
                    .step
                    .try_with_untracked(|step| flow::awaits(step, &call))
                    .unwrap_or(false);
                if wanted {
                    runner.perform(call).await;
                }
            }),
            Effect::StartWindow(window) => spawn_local(async move {
                TimeoutFuture::new(runner.verification_timeout_ms).await;
                runner.dispatch(Event::WindowElapsed(window));
            }),
            Effect::CredentialsSubmitted(id) => {
                if let Some(callbacks) = self.callbacks() {
                    callbacks.credentials_submitted(id);
                }
            }
            Effect::Emit(event) => {
                if let Some(callbacks) = self.callbacks() {
                    callbacks.event(&event);
                }
            }
            Effect::ReportError(failure) => {
                if let Some(callbacks) = self.callbacks() {
                    callbacks.error(failure.kind.as_str(), &failure.message);
                }
            }
            Effect::Close {
                status,
                utility_credential_id,
            } => {
                // Clone out first: the host's onClose may destroy the component.
                let link = self
                    .host
                    .try_with_value(|host| (host.callbacks.clone(), host.on_finished.clone()));
                if let Some((callbacks, on_finished)) = link {
                    callbacks.close(status.as_str(), utility_credential_id);
                    on_finished();
                }
            }
        }
    }

    async fn perform(&self, call: Call) {
        let Some(api) = self.api.try_get_value() else {
            return;
        };
        let event = api.perform(call).await;
        self.dispatch(event);
    }
}
