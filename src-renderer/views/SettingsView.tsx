// Settings: appearance now; storage and listeners join as their components land.
import type { Theme } from '../state/use-theme.js';
import type { HealthState } from '../state/use-health.js';

export interface SettingsViewProps {
  theme: Theme;
  setTheme(theme: Theme): void;
  health: HealthState;
}

export function SettingsView({ theme, setTheme, health }: SettingsViewProps) {
  const store = health.health?.store;
  return (
    <section className="settings">
      <h1>Settings</h1>
      <fieldset>
        <legend>Appearance</legend>
        <label>
          <input type="radio" name="theme" checked={theme === 'light'} onChange={() => setTheme('light')} /> Light
        </label>
        <label>
          <input type="radio" name="theme" checked={theme === 'dark'} onChange={() => setTheme('dark')} /> Dark
        </label>
      </fieldset>
      <fieldset>
        <legend>Storage</legend>
        {store ? (
          <p data-testid="store-location">
            {store.kind === 'duckdb' ? 'DuckDB file' : 'PostgreSQL'} <code>{store.location}</code>, schema version {store.schemaVersion}
          </p>
        ) : (
          <p>Not connected.</p>
        )}
      </fieldset>
    </section>
  );
}
