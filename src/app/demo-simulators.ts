/**
 * The demo's stand-ins for the outside world: the Opa! Suite and WhatsApp Cloud API simulators, an SMS Dev simulator and an SMTP sink, on
 * free loopback ports. `avisa start --demo` runs them in a child process (`avisa demo-simulators`), so what they
 * keep — every send they accepted — never weighs on the serving process; tests start them in process.
 */
import { startCloudApiSimulator } from '../providers/cloudapi/simulator.js';
import { startMailSink } from '../providers/email/mail-sink.js';
import { startOpaSimulator } from '../providers/opa/simulator.js';
import { startSmsDevSimulator } from '../providers/sms/smsdev-sim.js';

/** The demo's own SMS Dev key: the simulator accepts only it. */
const DEMO_SMS_KEY = 'demo-smsdev-key-0001';
/** The demo's Cloud API number and its secrets (the simulator's; nothing real). */
const DEMO_CLOUD = {
  token: 'demo-cloudapi-token-0001',
  appSecret: 'demo-cloudapi-app-secret',
  verifyToken: 'demo-cloudapi-verify',
  phoneNumberId: '106540352242922',
  wabaId: '102290129340398',
};

/** Where the simulators listen, as the child prints it (one JSON line). */
export interface DemoSimulatorAddresses {
  opa: { baseUrl: string; token: string };
  sms: { url: string; key: string };
  mail: { host: string; port: number };
  cloudapi: typeof DEMO_CLOUD & { baseUrl: string };
}

export interface DemoSimulators {
  addresses: DemoSimulatorAddresses;
  close(): Promise<void>;
}

/**
 * `webhookUrl`: where the Cloud API simulator posts its signed statuses and replies (the demo server's
 * `/webhooks/whatsapp`); without it none are posted.
 */
export async function startDemoSimulators(options: { webhookUrl?: string } = {}): Promise<DemoSimulators> {
  const opa = await startOpaSimulator();
  const cloud = await startCloudApiSimulator({
    token: DEMO_CLOUD.token,
    appSecret: DEMO_CLOUD.appSecret,
    phoneNumberId: DEMO_CLOUD.phoneNumberId,
    wabaId: DEMO_CLOUD.wabaId,
    outOfOrder: true, ...(options.webhookUrl ? { webhookUrl: options.webhookUrl } : {}) });
  const sms = await startSmsDevSimulator({ balance: 1_000_000, key: DEMO_SMS_KEY });
  const mail = await startMailSink();
  return {
    addresses: {
      opa: { baseUrl: opa.baseUrl, token: opa.token },
      sms: { url: sms.url, key: DEMO_SMS_KEY },
      mail: { host: mail.host, port: mail.port },
      cloudapi: { ...DEMO_CLOUD, baseUrl: cloud.url },
    },
    close: async () => {
      await Promise.all([opa.close(), sms.close(), mail.close(), cloud.close()]);
    },
  };
}
