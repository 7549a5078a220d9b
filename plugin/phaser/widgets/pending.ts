import { spinner } from "./dom.ts";

const busyRoots = new WeakSet<HTMLElement>();

/**
 * Runs a call with every control under `root` disabled and a spinner in the button that started it, so a
 * player cannot send the same request twice; a failure goes to `report` (a toast) instead of being lost.
 * Resolves false when the root was already busy and nothing ran.
 */
export async function runPending(root: HTMLElement, button: HTMLButtonElement | undefined, task: () => Promise<void> | void, report: (error: unknown) => void): Promise<boolean> {
  if (busyRoots.has(root)) return false;
  busyRoots.add(root);
  const controls = Array.from(root.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>("button, input, select"));
  const states = controls.map((c) => c.disabled);
  for (const control of controls) control.disabled = true;
  const label = button ? Array.from(button.childNodes) : [];
  button?.prepend(spinner());
  root.setAttribute("aria-busy", "true");
  try {
    await task();
  } catch (error) {
    report(error);
  } finally {
    busyRoots.delete(root);
    // The call may have replaced the view; restoring controls of a detached one is harmless.
    controls.forEach((c, i) => (c.disabled = states[i] ?? false));
    button?.replaceChildren(...label);
    root.removeAttribute("aria-busy");
  }
  return true;
}

export function isPending(root: HTMLElement): boolean {
  return busyRoots.has(root);
}
