export const PAGES = [
  { id: 'detect', title: 'Detect', key: '1', blurb: 'Objects in photos and folders' },
  { id: 'live', title: 'Live', key: '2', blurb: 'Webcam: objects and faces' },
  { id: 'faces', title: 'Faces', key: '3', blurb: 'Enroll, recognize, verify' },
  { id: 'style', title: 'Style', key: '4', blurb: 'Neural style transfer' },
  { id: 'models', title: 'Models', key: '5', blurb: 'Cache, inspector' },
  { id: 'lab', title: 'Lab', key: '6', blurb: 'Convolution by hand' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '');
  return PAGES.find((p) => p.id === id)?.id ?? 'detect';
}
