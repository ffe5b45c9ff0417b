export * from './files';
export * from './format';
