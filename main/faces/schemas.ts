/** zod schemas for the faces area's requests, checked where payloads enter main or the host. */
import { z } from 'zod';
import type { SchemaMap } from '../host/types';

const id = z.number().int().min(1);
const tau = z.number().min(-1).max(1);
const name = z.string().trim().min(1).max(200);
const image = z.instanceof(Uint8Array);
const detector = z.enum(['ultraface', 'blazeface']);

export const facesSchemas: SchemaMap = {
  'vw:faces.enroll': z.object({
    name,
    images: z
      .array(z.object({ name: z.string().min(1).max(1024), data: image }))
      .min(1)
      .max(100),
  }),
  'vw:faces.recognize': z.object({ image, tau: tau.optional(), detector: detector.optional() }),
  'vw:faces.frame': z.object({
    frame: z.object({ width: z.number().int().min(1).max(16_384), height: z.number().int().min(1).max(16_384), data: image }),
    tau: tau.optional(),
    streamId: z.string().min(1).max(128).optional(),
    detector: detector.optional(),
  }),
  'vw:faces.verify': z.object({ a: image, b: image, tau: tau.optional(), detector: detector.optional() }),
  'vw:faces.list': z.object({}),
  'vw:faces.faces': z.object({ personId: id }),
  'vw:faces.thumbnail': z.object({ faceId: id }),
  'vw:faces.rename': z.object({ personId: id, name }),
  'vw:faces.merge': z.object({ from: id, into: id }),
  'vw:faces.removePerson': z.object({ personId: id }),
  'vw:faces.removeFace': z.object({ faceId: id }),
  'vw:faces.reject': z.object({ faceId: id, notPersonId: id }),
  'vw:faces.calibrate': z.object({}),
  'vw:faces.setTau': z.object({ tau }),
  'vw:faces.reembed': z.object({}),
  'vw:faces.export': z.object({}),
  'vw:faces.import': z.object({ json: z.instanceof(Uint8Array) }),
};
