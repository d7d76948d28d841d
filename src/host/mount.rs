//! Putting the component on the page and taking it off again.

use std::any::Any;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::JsCast;

use super::HostConfig;
use crate::api::ApiClient;
use crate::flow::Event;
use crate::ui::{self, Runner};

enum Phase {
    Idle,
    Open {
        /// Dropping it unmounts the Leptos tree.
        _view: Box<dyn Any>,
        runner: Runner,
        /// The modal's own element, removed on close; `None` when inline.
        overlay: Option<web_sys::Element>,
    },
    Destroyed,
}

pub struct Mounted {
    config: HostConfig,
    phase: Phase,
}

impl Mounted {
    pub fn new(config: HostConfig) -> Rc<RefCell<Mounted>> {
        Rc::new(RefCell::new(Mounted { config, phase: Phase::Idle }))
    }
}

pub fn open(mounted: &Rc<RefCell<Mounted>>) {
    let mut this = mounted.borrow_mut();
    if !matches!(this.phase, Phase::Idle) {
        return;
    }
    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
    ui::styles::inject_once(&document);
    let (parent, overlay) = match &this.config.container {
        Some(container) => (container.clone(), None),
        None => {
            let Ok(overlay) = document.create_element("div") else { return };
            overlay.set_class_name("uc-overlay");
            if let Some(body) = document.body() {
                let _ = body.append_child(&overlay);
            }
            (overlay.clone().unchecked_into::<web_sys::HtmlElement>(), Some(overlay))
        }
    };
    let api = ApiClient::new(&this.config.api_base_url, &this.config.connect_token);
    let callbacks = this.config.callbacks.clone();
    let token = this.config.connect_token.clone();
    let weak: Weak<RefCell<Mounted>> = Rc::downgrade(mounted);
    let on_finished = Rc::new(move || {
        // Unmount after the current reactive run has finished with the tree.
        let weak = weak.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(mounted) = weak.upgrade() {
                unmount(&mut mounted.borrow_mut(), Phase::Idle);
            }
        });
    });
    let runner_slot: Rc<RefCell<Option<Runner>>> = Rc::default();
    let slot = runner_slot.clone();
    let view = leptos::mount::mount_to(parent, move || {
        let runner = Runner::new(api, callbacks, on_finished);
        *slot.borrow_mut() = Some(runner);
        ui::app_view(runner, &token)
    });
    let Some(runner) = runner_slot.borrow_mut().take() else { return };
    this.phase = Phase::Open { _view: Box::new(view), runner, overlay };
    let callbacks = this.config.callbacks.clone();
    drop(this);
    callbacks.open();
}

pub fn close(mounted: &Rc<RefCell<Mounted>>) {
    let runner = match &mounted.borrow().phase {
        Phase::Open { runner, .. } => *runner,
        _ => return,
    };
    // The flow decides the close status and calls back; it then unmounts.
    runner.dispatch(Event::Close);
}

pub fn destroy(mounted: &Rc<RefCell<Mounted>>) {
    unmount(&mut mounted.borrow_mut(), Phase::Destroyed);
}

fn unmount(this: &mut Mounted, next: Phase) {
    if matches!(this.phase, Phase::Destroyed) {
        return;
    }
    if let Phase::Open { overlay: Some(overlay), .. } = &this.phase {
        overlay.remove();
    }
    // Dropping the old phase drops the view, which unmounts it.
    this.phase = next;
}
