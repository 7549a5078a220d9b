import { el } from "./dom.ts";
import { isPending, runPending } from "./pending.ts";

export interface FieldSpec {
  name: string;
  label: string;
  type?: "text" | "password" | "email" | "tel" | "number";
  autocomplete?: string;
  required?: boolean;
  value?: string;
  placeholder?: string;
  inputMode?: "numeric" | "text" | "email" | "tel";
  min?: number;
  max?: number;
}

export interface ActionSpec {
  /** Stable name for tests and styling: the button gets data-action="<id>". */
  id: string;
  label: string;
  run: (values: Record<string, string>) => Promise<void> | void;
}

export interface ViewSpec {
  /** The panel gets data-view="<id>", so a test (or the game's CSS) can tell the steps apart. */
  id: string;
  title: string;
  hint?: string;
  /** Shown above the fields (a code to read, a secret to copy). */
  body?: Node[];
  fields?: FieldSpec[];
  /** The primary action: the form's submit button, so Enter in any field runs it. */
  submit?: ActionSpec;
  /** Small text buttons under the form (Forgot password?, Back). */
  links?: ActionSpec[];
  /** Secondary buttons under a divider (guest play, device-code providers). */
  alternatives?: { divider?: string; actions: ActionSpec[] };
}

/**
 * One step of a multi-step UI as a real <form>: native Tab order, Enter submits, and while any action is
 * pending every control is disabled and the busy button shows a spinner (runPending).
 */
export class FormView {
  readonly element: HTMLFormElement;

  readonly spec: ViewSpec;
  private readonly report: (error: unknown) => void;
  constructor(
    spec: ViewSpec,
    report: (error: unknown) => void,
  ) {
    this.spec = spec;
    this.report = report;
    this.element = el("form", { class: "pgl-form", attrs: { novalidate: "", autocomplete: "on" } });
    this.element.addEventListener("submit", (event) => {
      event.preventDefault();
      if (spec.submit && submitButton) void this.run(submitButton, spec.submit);
    });
    for (const node of spec.body ?? []) this.element.append(node);
    for (const field of spec.fields ?? []) this.element.append(this.field(field));
    let submitButton: HTMLButtonElement | undefined;
    if (spec.submit) {
      submitButton = this.button(spec.submit, "submit", "pgl-button pgl-primary");
      this.element.append(submitButton);
    }
    if (spec.links?.length) {
      const row = el("div", { class: "pgl-links" });
      for (const link of spec.links) row.append(this.actionButton(link, "pgl-link"));
      this.element.append(row);
    }
    if (spec.alternatives?.actions.length) {
      if (spec.alternatives.divider) this.element.append(el("div", { class: "pgl-divider", text: spec.alternatives.divider }));
      const column = el("div", { class: "pgl-alt" });
      for (const action of spec.alternatives.actions) column.append(this.actionButton(action, "pgl-button"));
      this.element.append(column);
    }
  }

  get pending(): boolean {
    return isPending(this.element);
  }

  values(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const input of Array.from(this.element.querySelectorAll("input"))) out[input.name] = input.type === "password" ? input.value : input.value.trim();
    return out;
  }

  input(name: string): HTMLInputElement | null {
    return this.element.querySelector(`input[name="${name}"]`);
  }

  focusFirst(): void {
    const empty = Array.from(this.element.querySelectorAll("input")).find((i) => !i.value);
    (empty ?? this.element.querySelector("input") ?? this.element.querySelector("button"))?.focus();
  }

  /** Runs an action with the form locked and a spinner on its button; a failure goes to the report (a toast). */
  async run(button: HTMLButtonElement, action: ActionSpec): Promise<void> {
    await runPending(this.element, button, () => action.run(this.values()), this.report);
  }

  private field(spec: FieldSpec): HTMLLabelElement {
    const input = el("input", {
      attrs: {
        name: spec.name,
        type: spec.type ?? "text",
        autocomplete: spec.autocomplete ?? "off",
        ...(spec.placeholder ? { placeholder: spec.placeholder } : {}),
        ...(spec.inputMode ? { inputmode: spec.inputMode } : {}),
        ...(spec.min !== undefined ? { min: String(spec.min) } : {}),
        ...(spec.max !== undefined ? { max: String(spec.max) } : {}),
        ...(spec.required === false ? {} : { required: "" }),
        spellcheck: "false",
        autocapitalize: "off",
      },
    });
    if (spec.value !== undefined) input.value = spec.value;
    return el("label", { class: "pgl-field" }, spec.label, input);
  }

  private button(action: ActionSpec, type: "submit" | "button", className: string): HTMLButtonElement {
    const button = el("button", { class: className, text: action.label, attrs: { type, "data-action": action.id } });
    return button;
  }

  private actionButton(action: ActionSpec, className: string): HTMLButtonElement {
    const button = this.button(action, "button", className);
    button.addEventListener("click", () => void this.run(button, action));
    return button;
  }
}
