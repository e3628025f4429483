/** The vault's timings (issue 18's numbers as defaults). */
export interface VaultSettings {
  /** Age at which the rotation reminder goes out. */
  readonly rotationReminderDays: number;
  /** After the reminder age, how long until the user's live bots pause for want of rotation. */
  readonly rotationGraceDays: number;
  /** How long a replaced API key stays usable (orders placed with it can still be managed). */
  readonly rotationOverlapSecs: number;
  /** Delay between an export request and when it can be completed. */
  readonly exportDelaySecs: number;
  /** No new export within this many days of a completed one. */
  readonly exportCooldownDays: number;
  readonly signingScopeTimeoutMs: number;
}

export const defaultVaultSettings: VaultSettings = {
  rotationReminderDays: 90,
  rotationGraceDays: 30,
  rotationOverlapSecs: 7 * 86_400,
  exportDelaySecs: 86_400,
  exportCooldownDays: 30,
  signingScopeTimeoutMs: 30_000,
};

export const dayMs = 86_400_000;
