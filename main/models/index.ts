/** Model preparation (manifest → fetch → verify → convert → cache). Implemented by the Models issue. */
export {};
