/** The settings file (settings.json in userData), validated against the contract's schema. */
import { join } from 'node:path'
import { jsonFileStore, type JsonFileStore } from './json-file-store'
import { settingsSchema, type Settings } from '../contract/ipc/contract'

export const SETTINGS_FILE = 'settings.json'

export function settingsStore(userData: string): JsonFileStore<Settings> {
  return jsonFileStore(join(userData, SETTINGS_FILE), settingsSchema, () =>
    settingsSchema.parse({})
  )
}
