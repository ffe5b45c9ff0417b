import { useEffect, useState } from 'react';
import { NavBar } from './components/NavBar';
import { StatusBar } from './components/StatusBar';
import { ToastProvider } from './components/ToastProvider';
import { useShortcuts } from './hooks/useShortcuts';
import { DetectPage } from './pages/DetectPage';
import { FacesPage } from './pages/FacesPage';
import { LabPage } from './pages/LabPage';
import { LivePage } from './pages/LivePage';
import { ModelsPage } from './pages/ModelsPage';
import { StylePage } from './pages/StylePage';
import { PAGES, pageFromHash, type PageId } from './routes';

const NAV_SHORTCUTS = Object.fromEntries(PAGES.map((p) => [`Alt+${p.key}`, () => void (window.location.hash = `#/${p.id}`)]));

function usePage(): PageId {
  const [page, setPage] = useState<PageId>(() => pageFromHash(window.location.hash));
  useEffect(() => {
    const onHash = (): void => setPage(pageFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return page;
}

/** The shell: side bar | page | status bar. Pages keep the anatomy inputs | result | details. */
export function App() {
  const page = usePage();
  useShortcuts(NAV_SHORTCUTS);
  return (
    <ToastProvider>
      <div className="app">
        <NavBar current={page} />
        <main className="page" id="page" data-page={page}>
          {page === 'detect' && <DetectPage />}
          {page === 'live' && <LivePage />}
          {page === 'faces' && <FacesPage />}
          {page === 'style' && <StylePage />}
          {page === 'models' && <ModelsPage />}
          {page === 'lab' && <LabPage />}
        </main>
        <StatusBar />
      </div>
    </ToastProvider>
  );
}
