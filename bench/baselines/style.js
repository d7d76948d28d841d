// The baseline's look: a modal with the component's spacing and colours,
// enough that the browser lays out and paints what ours does.
export const CSS = `
.uc-overlay{position:fixed;inset:0;background:rgba(15,23,42,.55);display:flex;align-items:center;justify-content:center;z-index:2147483000}
.uc-dialog{position:relative;box-sizing:border-box;width:min(440px,100vw);max-height:100vh;overflow:auto;background:#fff;color:#1f2937;border-radius:12px;padding:24px;font:16px/1.5 system-ui,sans-serif}
.uc-title{font-size:1.25rem;margin:0 0 12px}
.uc-close{position:absolute;top:8px;right:8px;border:0;background:none;font-size:1.5rem;cursor:pointer}
.uc-actions{display:flex;justify-content:flex-end;gap:8px;margin-top:16px}
.uc-button{min-height:44px;padding:0 16px;border:1px solid #d1d5db;border-radius:8px;background:#fff;font:inherit;cursor:pointer}
.uc-button--primary{background:#0b6e4f;border-color:#0b6e4f;color:#fff}
.uc-button:disabled{opacity:.5;cursor:default}
.uc-label{display:block;font-weight:600;margin:12px 0 4px}
.uc-input{box-sizing:border-box;width:100%;min-height:44px;padding:8px 12px;border:1px solid #9ca3af;border-radius:8px;font:inherit}
.uc-input:focus,.uc-button:focus-visible{outline:3px solid #2563eb;outline-offset:2px}
.uc-field-error,.uc-alert--error{color:#b91c1c}
.uc-status{color:#4b5563;min-height:1.5em}
.uc-options{border:0;padding:0;margin:0}
.uc-option{display:grid;grid-template-columns:auto 1fr;gap:0 8px;padding:8px;border:1px solid #e5e7eb;border-radius:8px;margin-top:8px}
.uc-option small{grid-column:2;color:#6b7280}
`;
