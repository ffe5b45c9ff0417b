// Minimal types for the parts of pacote (npm's own fetcher) that we use.
declare module 'pacote' {
  export interface PacoteOptions {
    integrity?: string;
    cache?: string;
    offline?: boolean;
    preferOnline?: boolean;
    preferOffline?: boolean;
    registry?: string;
    fullMetadata?: boolean;
  }
  export function tarball(spec: string, opts?: PacoteOptions): Promise<Buffer & { integrity: string; resolved: string; from: string }>;
  export namespace tarball {
    /** The tarball as a stream given to `handler`; the promise settles with the handler's result (or the stream's error). */
    function stream<T>(spec: string, handler: (stream: NodeJS.ReadableStream) => Promise<T>, opts?: PacoteOptions): Promise<T>;
  }
  export function manifest(spec: string, opts?: PacoteOptions): Promise<Record<string, unknown>>;
  const pacote: { tarball: typeof tarball; manifest: typeof manifest };
  export default pacote;
}
