// The workspace shell: navigation between areas, the status light, theme, shortcuts and help.
import { useEffect, useMemo, useState } from 'react';
import { api } from './api/client.js';
import { ConnectionBanner } from './components/ConnectionBanner.js';
import { HealthIndicator } from './components/HealthIndicator.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { JobsMenu } from './components/JobsMenu.js';
import { SelfTestCrash, ViewBoundary } from './components/ViewBoundary.js';
import { useHealth } from './state/use-health.js';
import { useRoute } from './state/use-route.js';
import { useShortcuts, type Shortcut } from './state/use-shortcuts.js';
import { useTheme } from './state/use-theme.js';
import { useCurrentViewShortcuts } from './state/view-shortcuts.js';
import { AreaIntro } from './views/AreaIntro.js';
import { areas } from './views/areas.js';
import { views } from './views/index.js';
import { SettingsView } from './views/SettingsView.js';

export function App() {
  const [route, navigate] = useRoute();
  const [theme, setTheme, toggleTheme] = useTheme();
  const health = useHealth();
  const [helpOpen, setHelpOpen] = useState(false);
  const [everConnected, setEverConnected] = useState(false);
  useEffect(() => {
    if (health.connection === 'connected') setEverConnected(true);
  }, [health.connection]);
  const area = areas.find((a) => a.id === route.view) ?? areas[0]!;

  const shortcuts = useMemo<Shortcut[]>(
    () => [
      ...areas.map((a) => ({ key: a.key, description: `Go to ${a.title}`, run: () => navigate(a.id) })),
      { key: 'd', description: 'Toggle dark mode', run: toggleTheme },
      { key: '?', description: 'Show this help', run: () => setHelpOpen(true) },
      { key: 'Escape', description: 'Close dialogs', run: () => setHelpOpen(false) },
    ],
    [navigate, toggleTheme],
  );
  useShortcuts(shortcuts);
  const viewShortcuts = useCurrentViewShortcuts();

  const View = views[area.id];
  return (
    <div className="app">
      <header className="app-header">
        <span className="brand">NetWeaver</span>
        <HealthIndicator state={health} transport={api.transport} />
        <div className="header-actions">
          <JobsMenu />
          <button onClick={toggleTheme} aria-label="Toggle dark mode" title="Toggle dark mode (d)">
            {theme === 'dark' ? '☀' : '☾'}
          </button>
          <button onClick={() => setHelpOpen(true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
            ?
          </button>
        </div>
      </header>
      <nav className="app-nav" aria-label="Areas">
        {areas.map((a) => (
          <a key={a.id} href={`#/${a.id}`} aria-current={a.id === area.id ? 'page' : undefined} title={`${a.title} (${a.key})`}>
            {a.title}
          </a>
        ))}
      </nav>
      <ConnectionBanner state={health} everConnected={everConnected} />
      <main className="app-main" data-view={area.id}>
        <ViewBoundary key={area.id} area={area.id} title={area.title} resetKey={route.params.toString()}>
          <SelfTestCrash params={route.params} />
          {area.id === 'settings' ? (
            <SettingsView theme={theme} setTheme={setTheme} health={health} />
          ) : View ? (
            <View params={route.params} navigate={navigate} theme={theme} />
          ) : (
            <AreaIntro area={area} />
          )}
        </ViewBoundary>
      </main>
      {helpOpen && <HelpOverlay shortcuts={shortcuts} viewShortcuts={viewShortcuts} viewTitle={area.title} onClose={() => setHelpOpen(false)} />}
    </div>
  );
}
