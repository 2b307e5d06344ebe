import type { ProviderFactory } from '@plugboard/core';
import { apiKeyPresetFactory } from './api-key-factory.js';
import { apiKeyPresets } from './api-key-presets.js';
import { oauth2PresetFactory } from './oauth2-factory.js';
import { oauth2Presets } from './oauth2-presets.js';

export { apiKeyPresetFactory, apiKeyPresetOptions } from './api-key-factory.js';
export { apiKeyPresets } from './api-key-presets.js';
export { oauth2PresetFactory, oauth2PresetOptions, presetUrls } from './oauth2-factory.js';
export { oauth2Presets } from './oauth2-presets.js';
export type { AccountFields, ApiKeyPreset, Category, KeyPlacement, OAuth2Preset } from './types.js';

/** Every catalog provider, keyed by id: a hub config picks one with `provider:`. */
const factories: Record<string, ProviderFactory> = Object.fromEntries([
  ...oauth2Presets.map((preset) => [preset.id, oauth2PresetFactory(preset)] as const),
  ...apiKeyPresets.map((preset) => [preset.id, apiKeyPresetFactory(preset)] as const),
]);

export default factories;
