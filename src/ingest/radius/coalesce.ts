/**
 * Folds a batch of accounting events, in arrival order, into as few set-based steps as possible: at most one
 * status update per login per step, and the NAS resets (Accounting-On/Off) that end the step. A batch without
 * a reset is one step (one statement); a reset splits it, so that — as in FreeRADIUS, which applies packets
 * in the order they arrive — it closes the sessions accounted before it and never a Start that arrived after
 * it, even one stamped in the same second.
 *
 * Within a step, the event that wins for a login is the newest: latest event time, then the latest session
 * start (a Start of the next session beats the Stop of the previous one in the same second), then Stop over
 * Interim over Start (within one session, in the same second, the session has ended). `closes` counts the
 * sessions the step saw stop, so the login's disconnect count still grows by each of them.
 */
import type { AccountingEvent, LoginEvent, LoginEventKind, NasEvent } from './events.js';

export interface LoginUpdate extends LoginEvent {
  /** Stops folded into this update (distinct sessions). */
  closes: number;
}

export interface StatusStep {
  logins: LoginUpdate[];
  /** Applied after `logins`. */
  nasResets: NasEvent[];
}

export interface StatusBatch {
  steps: StatusStep[];
}

const rank: Record<LoginEventKind, number> = { start: 0, interim: 1, stop: 2 };

/** Whether `a` is newer than `b` (see the file comment). */
function isNewer(a: LoginEvent, b: LoginEvent): boolean {
  if (a.at !== b.at) return a.at > b.at;
  const sa = a.sessionStart ?? a.at;
  const sb = b.sessionStart ?? b.at;
  if (sa !== sb) return sa > sb;
  return rank[a.kind] > rank[b.kind];
}

function foldLogins(events: readonly LoginEvent[]): LoginUpdate[] {
  const latest = new Map<string, LoginEvent>();
  const closes = new Map<string, { ids: Set<string>; anonymous: number }>();
  for (const event of events) {
    const current = latest.get(event.username);
    if (!current || isNewer(event, current)) latest.set(event.username, event);
    if (event.kind !== 'stop') continue;
    let c = closes.get(event.username);
    if (!c) {
      c = { ids: new Set(), anonymous: 0 };
      closes.set(event.username, c);
    }
    if (event.sessionId === null) c.anonymous++;
    else c.ids.add(event.sessionId);
  }
  return [...latest].map(([username, event]) => {
    const c = closes.get(username);
    return { ...event, closes: c ? c.ids.size + c.anonymous : 0 };
  });
}

export function coalesce(events: readonly AccountingEvent[]): StatusBatch {
  const steps: StatusStep[] = [];
  let logins: LoginEvent[] = [];
  let resets = new Map<number, NasEvent>();
  const close = () => {
    if (logins.length > 0 || resets.size > 0) steps.push({ logins: foldLogins(logins), nasResets: [...resets.values()] });
    logins = [];
    resets = new Map();
  };
  for (const event of events) {
    if (event.kind === 'nas-reset') {
      // consecutive resets of one NAS: the latest closes a superset
      const current = resets.get(event.nasId);
      if (!current || event.at > current.at) resets.set(event.nasId, event);
    } else {
      if (resets.size > 0) close();
      logins.push(event);
    }
  }
  close();
  return { steps };
}
