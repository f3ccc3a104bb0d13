/**
 * What an accounting record means for a login's status, whatever carried it (a RADIUS packet here, a
 * FreeRADIUS `radacct` row in src/ingest/radacct): a login event (its session started, is alive, or stopped),
 * or a NAS-wide event (Accounting-On/Off: the NAS rebooted, every session it had is gone).
 *
 * Times: a packet's event time is its Event-Timestamp when the NAS sends one and it agrees with our clock to
 * within five minutes; otherwise the time we received it minus its Acct-Delay-Time (a NAS with a wrong clock
 * must not move sessions into the past or future). The session's start is the event time minus
 * Acct-Session-Time for Interim-Update and Stop (exact for Start).
 */
import { type AccountingRequest, StatusType } from './wire.js';

export type LoginEventKind = 'start' | 'interim' | 'stop';

export interface LoginEvent {
  kind: LoginEventKind;
  username: string;
  /** When it happened (ms since the epoch). */
  at: number;
  /** When its session started (ms), when known. */
  sessionStart: number | null;
  /** Acct-Session-Id (or radacct's acctuniqueid): tells two sessions of one login apart. */
  sessionId: string | null;
  ip: string | null;
  nasId: number | null;
  /** Acct-Terminate-Cause name, for a stop. */
  cause: string | null;
}

export interface NasEvent {
  kind: 'nas-reset';
  nasId: number;
  at: number;
  cause: string;
}

export type AccountingEvent = LoginEvent | NasEvent;

/** Acct-Terminate-Cause names (RFC 2866 §5.10, RFC 3580 §2.5), as FreeRADIUS and IXC's `motivo_desconexao` spell them. */
const terminateCauses = [
  '',
  'User-Request',
  'Lost-Carrier',
  'Lost-Service',
  'Idle-Timeout',
  'Session-Timeout',
  'Admin-Reset',
  'Admin-Reboot',
  'Port-Error',
  'NAS-Error',
  'NAS-Request',
  'NAS-Reboot',
  'Port-Unneeded',
  'Port-Preempted',
  'Port-Suspended',
  'Service-Unavailable',
  'Callback',
  'User-Error',
  'Host-Request',
  'Supplicant-Restart',
  'Reauthentication-Failure',
  'Port-Reinitialized',
  'Port-Administratively-Disabled',
];

function terminateCauseName(value: number | undefined): string | null {
  if (value === undefined) return null;
  return terminateCauses[value] || String(value);
}

/** How far an Event-Timestamp may stray from our clock before it is taken for a NAS clock error. */
const CLOCK_TRUST_MS = 5 * 60_000;

export function eventTime(request: AccountingRequest, receivedAt: number): number {
  const { delayTime, eventTimestamp } = request.attributes;
  const estimate = receivedAt - (delayTime ?? 0) * 1000;
  if (eventTimestamp !== undefined && Math.abs(eventTimestamp * 1000 - estimate) <= CLOCK_TRUST_MS) return eventTimestamp * 1000;
  return estimate;
}

export type Interpretation = { event: AccountingEvent } | { ignored: string };

/**
 * The event an authenticated Accounting-Request from NAS `nasId` stands for, or why it changes nothing (it is
 * still acknowledged: RFC 2866 wants a response to every request the server has handled).
 */
export function interpretRequest(request: AccountingRequest, nasId: number, receivedAt: number): Interpretation {
  const a = request.attributes;
  const at = eventTime(request, receivedAt);
  switch (a.statusType) {
    case StatusType.AccountingOn:
    case StatusType.AccountingOff:
      return { event: { kind: 'nas-reset', nasId, at, cause: terminateCauseName(a.terminateCause) ?? 'NAS-Reboot' } };
    case StatusType.Start:
    case StatusType.InterimUpdate:
    case StatusType.Stop: {
      if (!a.userName) return { ignored: 'no User-Name' };
      const kind: LoginEventKind = a.statusType === StatusType.Start ? 'start' : a.statusType === StatusType.Stop ? 'stop' : 'interim';
      const sessionStart = kind === 'start' ? at : a.sessionTime === undefined ? null : at - a.sessionTime * 1000;
      const ip = a.framedIp && a.framedIp !== '0.0.0.0' && a.framedIp !== '255.255.255.255' ? a.framedIp : null;
      return {
        event: {
          kind,
          username: a.userName,
          at,
          sessionStart,
          sessionId: a.sessionId ?? null,
          ip,
          nasId,
          cause: kind === 'stop' ? terminateCauseName(a.terminateCause) : null,
        },
      };
    }
    case undefined:
      return { ignored: 'no Acct-Status-Type' };
    default:
      return { ignored: `Acct-Status-Type ${a.statusType} does not change a login's status` };
  }
}
