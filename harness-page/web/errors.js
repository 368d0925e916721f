/**
 * One readable line for anything thrown, so answers and logs name the kind of failure
 * (CompileError, RuntimeError, RangeError...) and not just its message.
 *
 * @param {unknown} error
 * @returns {string}
 */
export function describeError(error) {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  // Wasm traps and DOMExceptions are Errors; anything else was thrown on purpose as a value.
  return String(error);
}
