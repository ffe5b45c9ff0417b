/** `vws doctor` and `vws serve`. */
import path from 'node:path';
import type { Command } from 'commander';
import type { DoctorReport } from '../../preload/contract';
import { sourceRoot } from '../config';
import { VwError } from '../errors';
import { EngineHost } from '../host/engine-host';
import { nodeChildTransport, nodeWorkerTransport } from '../host/node-transport';
import { MIN_TOKEN_LENGTH } from '../host/http-guard';
import { checkTokenOptions, startServer } from '../host/serve';
import type { CliContext } from './context';

export function registerAppCommands(program: Command, ctx: CliContext): void {
  program
    .command('doctor')
    .description('versions, execution providers, directories and models, as the engine host sees them')
    .action(async () => {
      const host = new EngineHost(() => nodeWorkerTransport(), { kind: 'worker_threads', init: { paths: ctx.paths() } });
      try {
        const report = (await host.call('vw:app.doctor', {})) as DoctorReport;
        ctx.output(report, () => printDoctor(report));
      } finally {
        await host.dispose();
      }
    });

  program
    .command('serve')
    .description('serve the UI and the API over HTTP/WebSocket (headless host)')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'port (0 = any free port)', '0')
    .option('--token <token>', `access token (at least ${MIN_TOKEN_LENGTH} characters; generated if absent)`)
    .option('--no-token', 'serve without a token (loopback addresses only)')
    .option('--allow-host <name...>', 'extra Host names browsers may use to reach this server (e.g. a DNS name)')
    .option('--static <dir>', 'directory of the built renderer')
    .option('--max-payload <bytes>', 'largest accepted request in bytes')
    .option(
      '--allow-gallery-change',
      "let clients switch the face gallery (SQLite ⇄ a PostgreSQL URL) from the app; off: only this host's --gallery/VWS_GALLERY/settings choose it",
    )
    .action(
      async (o: {
        host: string;
        port: string;
        token?: string | false;
        allowHost?: string[];
        static?: string;
        maxPayload?: string;
        allowGalleryChange?: boolean;
      }) => {
        const port = Number(o.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new VwError('E_BAD_ARGUMENT', `--port must be 0..65535; got ${o.port}.`);
        const maxPayloadBytes = o.maxPayload === undefined ? undefined : Number(o.maxPayload);
        if (maxPayloadBytes !== undefined && !(maxPayloadBytes > 0))
          throw new VwError('E_BAD_ARGUMENT', `--max-payload must be a positive number.`);
        const token = o.token === false ? undefined : o.token;
        const noToken = o.token === false;
        checkTokenOptions(o.host, token, noToken);
        const staticDir = o.static ?? path.join(sourceRoot() ?? process.cwd(), 'out', 'renderer');
        const host = new EngineHost(() => nodeChildTransport(), {
          kind: 'child_process',
          init: { paths: ctx.paths(), allowGalleryChange: o.allowGalleryChange === true },
        });
        const server = await startServer(host, { host: o.host, port, token, noToken, allowHosts: o.allowHost, staticDir, maxPayloadBytes });
        if (ctx.globals().json)
          process.stdout.write(JSON.stringify({ url: server.openUrl, port: server.port, token: server.token ?? null }) + '\n');
        else {
          process.stdout.write(`vws serve: listening on ${server.openUrl}\n`);
          if (server.token) process.stdout.write(`vws serve: token required; it is part of the URL above\n`);
        }
        await new Promise<void>((resolve) => {
          const stop = (): void => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await server.close();
        await host.dispose();
      },
    );
}

function printDoctor(r: DoctorReport): void {
  const lines = [
    `${r.app.name} ${r.app.version} — node ${r.app.node}, ${r.app.platform} ${r.app.arch}`,
    `versions: ${Object.entries(r.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `execution providers: ${r.executionProviders.available.join(', ')} (selected: ${r.executionProviders.selected})`,
    ...r.executionProviders.skipped.map((s) => `  skipped ${s.name}: ${s.reason}`),
    `threads: ${r.threads} of ${r.cpus} cores`,
    `data: ${r.dirs.data}`,
    `models: ${r.dirs.models}`,
    `db: ${r.dirs.db}`,
    `engine host: ${r.host.status} (${r.host.kind}, ${r.host.executionProvider})`,
    `models:`,
    ...r.models.map(
      (m) =>
        `  ${m.present ? (m.sha256Ok === false ? 'BAD ' : 'ok  ') : m.optional ? 'opt ' : 'miss'} ${m.id.padEnd(16)} ${m.license.padEnd(11)} ${m.bytes ?? '-'} bytes  ${m.source}`,
    ),
    ...(r.models.some((m) => m.optional && !m.present)
      ? [
          '  (opt = optional, not added: `vws models optional` lists them with their license; `vws models add <id> --accept-license <id>` adds one)',
        ]
      : []),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
