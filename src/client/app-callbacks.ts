/**
 * The app's callbacks, called so that one that throws never takes the
 * session (or a Node process, through an uncaught exception) down: its error
 * is reported once on the console and the session goes on.
 */

/** Calls `callback`; a throw is logged once (`console.error`) and swallowed. */
export function callApp<A extends unknown[]>(what: string, callback: (...args: A) => unknown, ...args: A): void {
  try {
    const result = callback(...args);
    // An async callback's rejection would otherwise be an unhandled rejection.
    if (result instanceof Promise) result.catch((error: unknown) => reportAppFailure(what, error));
  } catch (error) {
    reportAppFailure(what, error);
  }
}

function reportAppFailure(what: string, error: unknown): void {
  console.error(`perso-interactive-sdk-web: the app's ${what} threw; the session goes on.`, error);
}
