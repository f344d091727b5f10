import type { Store } from '../../store/contract.js';
import { LatchkeyDomainError, DomainErrorCode } from '../errors.js';
import { createId, type RandomSource } from '../ids.js';
import { defaultInstanceSettings, instanceSettingsSchema, type InstanceSettings } from './instance-settings.js';

export interface SettingsService {
  /** The current settings (re-read from the store at most every `reloadIntervalMs`). */
  get(): Promise<InstanceSettings>;
  /** Validates, stores and audits a change; applies at once in this process. */
  update(patch: Partial<InstanceSettings>, actor: string): Promise<InstanceSettings>;
}

/** Fills settings stored by an older version with the defaults of fields added since. */
export function parseStoredSettings(stored: Record<string, unknown>): InstanceSettings {
  return instanceSettingsSchema.parse({ ...defaultInstanceSettings, ...stored });
}

export function createSettingsService(options: {
  store: Store;
  now: () => number;
  random: RandomSource;
  reloadIntervalMs: number;
  initial: InstanceSettings;
}): SettingsService {
  let current = options.initial;
  let loadedAt = options.now();
  let inflight: Promise<InstanceSettings> | null = null;

  const reload = async () => {
    const row = await options.store.instance.get();
    if (row) current = parseStoredSettings(row.settings);
    loadedAt = options.now();
    return current;
  };

  return {
    async get() {
      if (options.now() - loadedAt < options.reloadIntervalMs) return current;
      // One reload at a time, whoever asks.
      inflight ??= reload().finally(() => {
        inflight = null;
      });
      return inflight;
    },
    async update(patch, actor) {
      const before = await reload();
      const parsed = instanceSettingsSchema.safeParse({ ...before, ...patch });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new LatchkeyDomainError(DomainErrorCode.InvalidSettings, `${issue.path.join('.') || 'settings'}: ${issue.message}`, {
          param_name: issue.path.join('.'),
        });
      }
      const at = options.now();
      await options.store.instance.updateSettings(parsed.data, {
        id: createId('aud', options.random),
        changedAt: at,
        actor,
        before,
        after: parsed.data,
      });
      current = parsed.data;
      loadedAt = at;
      return current;
    },
  };
}
