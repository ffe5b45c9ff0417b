import { PAGES, type PageId } from '../routes';

export function NavBar({ current }: { current: PageId }) {
  return (
    <nav aria-label="Pages" className="nav">
      {PAGES.map((p) => (
        <a
          key={p.id}
          href={`#/${p.id}`}
          aria-current={p.id === current ? 'page' : undefined}
          aria-keyshortcuts={`Alt+${p.key}`}
          title={`${p.title} (Alt+${p.key})`}
        >
          {p.title}
        </a>
      ))}
    </nav>
  );
}
