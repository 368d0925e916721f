/**
 * A page's time, made up: a clock that moves only when told, timers that fire only when time is
 * run, and a main thread that can be blocked (time passes, nothing fires) as by a long inference.
 *
 * @returns {{clock: () => number, timers: object, run: (ms: number) => void, block: (ms: number) => void}}
 *   `run` moves time forward firing each timer at its due time; `block` moves it without firing,
 *   so overdue timers fire late, at the next `run`
 */
export function createFakeTime() {
  let nowMs = 1000;
  let nextId = 1;
  const pending = new Map(); // id -> {dueMs, callback, everyMs}

  const schedule = (callback, delayMs, everyMs) => {
    const id = nextId++;
    pending.set(id, { dueMs: nowMs + Math.max(0, delayMs), callback, everyMs });
    return id;
  };
  const cancel = (id) => pending.delete(id);
  const nextDue = () => [...pending.entries()].sort(([a, x], [b, y]) => x.dueMs - y.dueMs || a - b)[0];

  return {
    clock: () => nowMs,
    timers: {
      setTimeout: (callback, delayMs = 0) => schedule(callback, delayMs, null),
      clearTimeout: cancel,
      setInterval: (callback, everyMs) => schedule(callback, everyMs, everyMs),
      clearInterval: cancel,
    },
    run(ms) {
      const endMs = nowMs + ms;
      for (let due = nextDue(); due && due[1].dueMs <= endMs; due = nextDue()) {
        const [id, timer] = due;
        nowMs = Math.max(nowMs, timer.dueMs);
        if (timer.everyMs === null) pending.delete(id);
        else timer.dueMs = nowMs + timer.everyMs;
        timer.callback();
      }
      nowMs = endMs;
    },
    block(ms) {
      nowMs += ms;
    },
  };
}
