// Injected into every document (host page and the Connect frame) before its
// own scripts: the in-page clock of the benchmark. It logs, in absolute
// milliseconds (performance.timeOrigin + performance.now(), comparable across
// frames), what the user did (an input's value, a button pressed) and when
// each screen the benchmark times first became visible; a MutationObserver
// checks on every DOM change. The driver only reads the log afterwards.
(() => {
  const log = [];
  const now = () => performance.timeOrigin + performance.now();
  const visible = (element) => element && element.isConnected && element.checkVisibility();
  const withText = (selector, test) => [...document.querySelectorAll(selector)].find((element) => test(element.textContent.trim()));
  const marks = {
    consent: () => withText("button", (text) => text === "Agree and continue"),
    list: () => document.querySelector('input[type=radio][value="4110"]'),
    verifying: () => withText("h2", (text) => text.startsWith("Checking your login with")),
    verified: () => withText("h2", (text) => text === "You're connected"),
  };
  const shown = {};
  const check = () => {
    for (const name in marks) {
      const element = marks[name]();
      const isShown = !!element && visible(element);
      if (isShown && !shown[name]) log.push({ kind: "shown", name, t: now() });
      shown[name] = isShown;
    }
  };
  window.__benchLog = log;
  window.__benchMark = (name) => log.push({ kind: "mark", name, t: now() });
  addEventListener("input", (event) => log.push({ kind: "input", value: event.target.value, t: now() }), true);
  addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button");
    if (button) log.push({ kind: "click", text: button.textContent.trim(), t: now() });
  }, true);
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();
