/** zod schemas for the detection area's requests, checked where payloads enter main or the host. */
import type { SchemaMap } from '../host/types';

export const detectionSchemas: SchemaMap = {};
