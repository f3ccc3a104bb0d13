/**
 * The SMS channel's public surface: the Zenvia and SMS Dev providers, their simulators (tests, demo, manual runs)
 * and the SMS part counter.
 */
export { ZENVIA_DEFAULT_URL, zenviaProvider, type ZenviaOptions } from './zenvia.js';
export { SMSDEV_DEFAULT_URL, smsDevProvider, type SmsDevOptions } from './smsdev.js';
export { startZenviaSimulator, type ZenviaSimSettings, type ZenviaSimulator, type ZenviaSimulatorOptions } from './zenvia-sim.js';
export {
  smsDevCredits,
  startSmsDevSimulator,
  type SmsDevSimSettings,
  type SmsDevSimulator,
  type SmsDevSimulatorOptions,
} from './smsdev-sim.js';
export type { RecordedSms } from './sim-common.js';
export { brazilianDigits, type BrazilianDigits } from './gateway.js';
export { isGsm7, smsSegments, type SmsEncoding, type SmsSegments } from './segments.js';
