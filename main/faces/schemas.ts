/** zod schemas for the faces area's requests, checked where payloads enter main or the host. */
import type { SchemaMap } from '../host/types';

export const facesSchemas: SchemaMap = {};
