import { IconBrain, IconCamera, IconFlask, IconPalette, IconPhotoScan, IconUserScan } from '@tabler/icons-react';
import { PAGES, type PageId } from '../routes';
import { ThemeSwitch } from './ThemeSwitch';

const ICONS: Record<PageId, typeof IconCamera> = {
  detect: IconPhotoScan,
  live: IconCamera,
  faces: IconUserScan,
  style: IconPalette,
  models: IconBrain,
  lab: IconFlask,
};

/** The side bar: brand, one link per page (icon, title, what it is for, shortcut), theme switch. */
export function NavBar({ current }: { current: PageId }) {
  return (
    <div className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          <IconPhotoScan size={20} stroke={2} />
        </span>
        <span>
          Vision
          <br />
          Workstation
        </span>
      </div>
      <nav aria-label="Pages" className="nav">
        {PAGES.map((p) => {
          const Icon = ICONS[p.id];
          return (
            <a
              key={p.id}
              href={`#/${p.id}`}
              aria-current={p.id === current ? 'page' : undefined}
              aria-keyshortcuts={`Alt+${p.key}`}
              title={`${p.blurb} (Alt+${p.key})`}
            >
              <Icon size={20} stroke={1.7} aria-hidden="true" />
              <span className="nav-title">{p.title}</span>
              <kbd aria-hidden="true">Alt {p.key}</kbd>
            </a>
          );
        })}
      </nav>
      <div className="sidebar-foot">
        <ThemeSwitch />
      </div>
    </div>
  );
}
