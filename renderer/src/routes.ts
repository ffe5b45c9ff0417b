export const PAGES = [
  { id: 'live', title: 'Live', key: '1' },
  { id: 'faces', title: 'Faces', key: '2' },
  { id: 'style', title: 'Style', key: '3' },
  { id: 'models', title: 'Models', key: '4' },
  { id: 'lab', title: 'Lab', key: '5' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '');
  return PAGES.find((p) => p.id === id)?.id ?? 'live';
}
