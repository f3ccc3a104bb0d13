/**
 * The demo's stand-ins for the outside world: the Opa! Suite simulator, an SMS Dev simulator and an SMTP sink, on
 * free loopback ports. `avisa start --demo` runs them in a child process (`avisa demo-simulators`), so what they
 * keep — every send they accepted — never weighs on the serving process; tests start them in process.
 */
import { startMailSink } from '../providers/email/mail-sink.js';
import { startOpaSimulator } from '../providers/opa/simulator.js';
import { startSmsDevSimulator } from '../providers/sms/smsdev-sim.js';

/** The demo's own SMS Dev key: the simulator accepts only it. */
const DEMO_SMS_KEY = 'demo-smsdev-key-0001';

/** Where the simulators listen, as the child prints it (one JSON line). */
export interface DemoSimulatorAddresses {
  opa: { baseUrl: string; token: string };
  sms: { url: string; key: string };
  mail: { host: string; port: number };
}

export interface DemoSimulators {
  addresses: DemoSimulatorAddresses;
  close(): Promise<void>;
}

export async function startDemoSimulators(): Promise<DemoSimulators> {
  const opa = await startOpaSimulator();
  const sms = await startSmsDevSimulator({ balance: 1_000_000, key: DEMO_SMS_KEY });
  const mail = await startMailSink();
  return {
    addresses: {
      opa: { baseUrl: opa.baseUrl, token: opa.token },
      sms: { url: sms.url, key: DEMO_SMS_KEY },
      mail: { host: mail.host, port: mail.port },
    },
    close: async () => {
      await Promise.all([opa.close(), sms.close(), mail.close()]);
    },
  };
}
