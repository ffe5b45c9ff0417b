// Lint: typescript-eslint + react-hooks. Layering rules: only the Electron
// shell (main/index.ts, main/shell/**, preload/index.ts) may import `electron`;
// only main/runtime imports onnxruntime-node; engines (detection, faces, style,
// lab, models, imaging, geometry, runtime, onnx) are plain libraries that never
// import the host, the shell or the CLI.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const shellFiles = ['main/index.ts', 'main/shell/**/*.ts', 'preload/index.ts'];
const engineFolders = ['detection', 'faces', 'style', 'lab', 'models', 'imaging', 'geometry', 'runtime', 'onnx', 'video'];
const engineFiles = engineFolders.map((f) => `main/${f}/**/*.ts`);
const electronOnlyInShell = { name: 'electron', message: 'Only the Electron shell may import electron.' };
const ortOnlyInRuntime = { name: 'onnxruntime-node', message: 'Only main/runtime imports onnxruntime-node; ask it for a session.' };
const protoOnlyInOnnx = {
  name: 'onnx-proto',
  message: 'Only main/onnx/proto.ts imports onnx-proto; use its builders (makeModel, node, valueInfo, tensor).',
};
const upward = {
  group: ['**/host', '**/host/**', '**/shell', '**/shell/**', '**/cli', '**/cli/**', 'electron/*'],
  message: 'Engines never import the host, the shell or the CLI: take what you need through your constructor.',
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.cache/**', 'scratch/**', 'test-results/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Only the Electron shell (main/index.ts, main/shell/, preload/index.ts) may import electron.' },
          ],
          patterns: [{ group: ['electron/*'], message: 'Only the Electron shell may import electron.' }],
        },
      ],
    },
  },
  {
    files: shellFiles,
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer talks to the engines through the typed client only.' },
            { name: 'onnxruntime-node', message: 'Only main/runtime imports onnxruntime-node.' },
          ],
          patterns: [
            { group: ['**/main/**', 'node:*'], message: 'The renderer may import only from preload/contract (types) and preload/wire.' },
          ],
        },
      ],
    },
  },
  {
    // The one module that imports onnxruntime-node.
    files: ['main/**/*.ts', 'bench/**/*.ts', 'tests/**/*.ts', 'scripts/**/*.{ts,mjs}'],
    ignores: ['main/runtime/**', 'main/index.ts', 'main/shell/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell, ortOnlyInRuntime, protoOnlyInOnnx],
        },
      ],
    },
  },
  {
    // Engines are libraries: the host, the shell and the CLI use them, never the reverse.
    files: ['main/runtime/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyInShell, protoOnlyInOnnx],
          patterns: [upward],
        },
      ],
    },
  },
  {
    files: engineFiles,
    ignores: ['main/runtime/**', 'main/onnx/proto.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronOnlyInShell, ortOnlyInRuntime, protoOnlyInOnnx], patterns: [upward] }],
    },
  },
  {
    files: ['main/onnx/proto.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronOnlyInShell, ortOnlyInRuntime], patterns: [upward] }] },
  },
);
