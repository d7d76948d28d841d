//! The single owner of the step signal. Screens receive this `Copy` handle by
//! context and can only read the step and dispatch events.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiClient;
use crate::flow::{self, Effect, Event, Step};
use crate::host::Callbacks;

struct HostLink {
    callbacks: Callbacks,
    /// Asks the host layer to unmount the component.
    on_finished: Rc<dyn Fn()>,
}

#[derive(Clone, Copy)]
pub struct Runner {
    step: RwSignal<Step>,
    api: StoredValue<ApiClient, LocalStorage>,
    host: StoredValue<HostLink, LocalStorage>,
}

impl Runner {
    pub fn new(api: ApiClient, callbacks: Callbacks, on_finished: Rc<dyn Fn()>) -> Self {
        Runner {
            step: RwSignal::new(Step::Closed),
            api: StoredValue::new_local(api),
            host: StoredValue::new_local(HostLink { callbacks, on_finished }),
        }
    }

    pub fn step(&self) -> Step {
        self.step.get()
    }

    pub(super) fn begin(&self, step: Step, effects: Vec<Effect>) {
        self.step.set(step);
        self.run_all(effects);
    }

    pub fn dispatch(&self, event: Event) {
        let (next, effects) = self.step.with_untracked(|step| flow::transition(step, event));
        self.step.set(next);
        self.run_all(effects);
    }

    fn run_all(&self, effects: Vec<Effect>) {
        for effect in effects {
            self.run(effect);
        }
    }

    fn run(&self, effect: Effect) {
        let runner = *self;
        match effect {
            Effect::LoadSession => {
                let api = self.api.get_value();
                spawn_local(async move {
                    let event = match api.session().await {
                        Ok(session) => Event::SessionLoaded(session),
                        Err(failure) => Event::SessionFailed(failure),
                    };
                    runner.dispatch(event);
                });
            }
            Effect::ReportError(failure) => {
                self.host.with_value(|host| host.callbacks.error(failure.kind.as_str(), &failure.message));
            }
            Effect::Emit(name) => self.host.with_value(|host| host.callbacks.event(name)),
            Effect::Close(status) => {
                self.host.with_value(|host| {
                    host.callbacks.close(status.as_str(), None);
                    (host.on_finished)();
                });
            }
        }
    }
}
