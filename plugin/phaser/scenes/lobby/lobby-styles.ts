/**
 * The lobby's own layout, on top of the widgets' stylesheet (widgets/dom.ts): two columns (quick match and create
 * on the left, the session list on the right), the filter bar, paging, the searching indicator and the accept
 * prompt. One stylesheet per document, themed through the same CSS custom properties.
 */
const STYLE_ID = "phaser-gamelift-lobby";

const STYLES = `
.pgl-panel.pgl-lobby { width: min(900px, calc(100% - 16px)); padding: 14px 20px 12px; }
.pgl-lobby-grid { display: grid; grid-template-columns: minmax(220px, 290px) minmax(0, 1fr); gap: 18px; align-items: start; }
.pgl-lobby-side { display: flex; flex-direction: column; gap: 12px; }
.pgl-card { border: 1px solid var(--pgl-border); border-radius: var(--pgl-radius); padding: 10px 12px; }
.pgl-card h3 { margin: 0 0 8px; font-size: 14px; color: var(--pgl-muted); font-weight: 600; }
.pgl-quick { display: flex; flex-direction: column; gap: 8px; }
.pgl-quick .pgl-status { display: flex; align-items: center; gap: 8px; font-size: 14px; min-height: 22px; }
.pgl-quick .pgl-elapsed, .pgl-quick .pgl-countdown-text { font-variant-numeric: tabular-nums; color: var(--pgl-muted); margin-left: auto; }
.pgl-quick .pgl-countdown-text.pgl-low { color: var(--pgl-error); }
.pgl-quick[data-state="acceptance"] { border-color: var(--pgl-accent); box-shadow: 0 0 0 2px color-mix(in srgb, var(--pgl-accent) 35%, transparent); }
.pgl-offer { font-weight: 650; font-size: 16px; }
.pgl-pulse { width: 10px; height: 10px; border-radius: 50%; background: var(--pgl-accent); animation: pgl-pulse 1.1s ease-in-out infinite; }
@keyframes pgl-pulse { 0%, 100% { opacity: .25; transform: scale(.8); } 50% { opacity: 1; transform: scale(1.15); } }
.pgl-filters { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 120px) minmax(0, 150px); gap: 8px; align-items: end; }
.pgl-filters .pgl-field input, .pgl-filters .pgl-field select, .pgl-lobby .pgl-field select { padding: 6px 8px; font-size: 14px; }
.pgl-lobby .pgl-field input { padding: 7px 9px; font-size: 14px; }
.pgl-filter-row { display: flex; align-items: center; gap: 12px; margin-top: 6px; font-size: 13px; color: var(--pgl-muted); }
.pgl-check { display: inline-flex; align-items: center; gap: 6px; cursor: pointer; }
.pgl-filter-row .pgl-button { margin-left: auto; padding: 5px 12px; font-size: 13px; }
.pgl-lobby .pgl-sessions { max-height: 214px; min-height: 120px; margin: 8px 0 6px; }
.pgl-paging { display: flex; align-items: center; gap: 10px; font-size: 13px; color: var(--pgl-muted); }
.pgl-paging .pgl-button { padding: 4px 12px; font-size: 13px; }
.pgl-paging [data-page] { margin-right: auto; }
.pgl-create .pgl-row { flex-wrap: wrap; }
.pgl-progress { display: flex; align-items: center; gap: 8px; font-size: 13px; }
.pgl-progress .pgl-elapsed { margin-left: auto; color: var(--pgl-muted); font-variant-numeric: tabular-nums; }
.pgl-hidden-part { display: none !important; }
`;

export function ensureLobbyStyles(doc: Document = document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement("style");
  style.id = STYLE_ID;
  style.textContent = STYLES;
  doc.head.append(style);
}
