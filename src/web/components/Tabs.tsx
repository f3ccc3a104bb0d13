/**
 * IXC-style tabs (Filtro | CRM): a WAI-ARIA tablist, arrow keys move between tabs. Every panel stays mounted
 * (hidden when not selected), so a half-filled form survives a look at another tab.
 */
import { type KeyboardEvent, type ReactNode, useState } from 'react';

export interface TabSpec {
  id: string;
  label: string;
  panel: ReactNode;
}

export function Tabs({ label, tabs }: { label: string; tabs: TabSpec[] }) {
  const [selected, setSelected] = useState(tabs[0]?.id);
  const move = (event: KeyboardEvent, index: number) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const next = tabs[(index + step + tabs.length) % tabs.length];
    if (!next) return;
    setSelected(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <>
      <div className="tabs" role="tablist" aria-label={label}>
        {tabs.map((tab, index) => (
          <button
            key={tab.id}
            id={`tab-${tab.id}`}
            type="button"
            role="tab"
            className="tab"
            aria-selected={selected === tab.id}
            aria-controls={`tabpanel-${tab.id}`}
            tabIndex={selected === tab.id ? 0 : -1}
            onClick={() => setSelected(tab.id)}
            onKeyDown={(event) => move(event, index)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div
          key={tab.id}
          id={`tabpanel-${tab.id}`}
          role="tabpanel"
          aria-labelledby={`tab-${tab.id}`}
          className="tab-panel"
          hidden={selected !== tab.id}
        >
          {tab.panel}
        </div>
      ))}
    </>
  );
}
