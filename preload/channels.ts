/**
 * The runtime list of contract channels and events — the allowlist the
 * preload exposes and the host accepts. `Record<Channel, true>` makes the
 * compiler reject a list that misses or invents a channel.
 */
import type { Channel, EventName } from './contract';

const channelSet: Record<Channel, true> = {
  'vw:app.info': true,
  'vw:app.doctor': true,
  'vw:app.hostState': true,
  'vw:app.defaults': true,
  'vw:models.list': true,
  'vw:models.prepare': true,
  'vw:models.add': true, // issue 15
  'vw:models.inspect': true,
  'vw:models.import': true,
  'vw:detection.detect': true,
  'vw:detection.frame': true,
  'vw:detection.models': true,
  'vw:detection.removeModel': true,
  'vw:faces.enroll': true,
  'vw:faces.recognize': true,
  'vw:faces.frame': true,
  'vw:faces.verify': true,
  'vw:faces.list': true,
  'vw:faces.faces': true,
  'vw:faces.thumbnail': true,
  'vw:faces.rename': true,
  'vw:faces.merge': true,
  'vw:faces.removePerson': true,
  'vw:faces.removeFace': true,
  'vw:faces.moveFace': true,
  'vw:faces.reject': true,
  'vw:faces.rejectProbe': true, // issue 13: not this person, on a recognize result
  'vw:faces.calibrate': true,
  'vw:faces.setTau': true,
  'vw:faces.reembed': true,
  'vw:faces.export': true,
  'vw:faces.import': true,
  'vw:faces.store': true,
  'vw:faces.useStore': true,
  'vw:style.start': true,
  'vw:style.cancel': true,
  'vw:style.result': true,
  'vw:lab.convolve': true,
  'vw:lab.pool': true,
  'vw:lab.image': true,
  // lab: the seed's lessons (issue #17)
  'vw:lab.networks': true,
  'vw:lab.network': true,
  'vw:lab.oneByOne': true,
  'vw:lab.largeImage': true,
  'vw:lab.yolo': true,
  'vw:lab.iou': true,
  'vw:lab.sliding': true,
  'vw:lab.verify': true,
  'vw:lab.localize': true,
  'vw:lab.styleCosts': true,
  'vw:lab.triplet': true,
  // faces: personalization (issue #17 item 8)
  'vw:faces.personalization': true,
  'vw:faces.personalize': true,
  'vw:faces.removePersonalization': true,
  // style: costs of a running job (issue #17 item 9)
  'vw:style.costs': true,
};

const eventSet: Record<EventName, true> = {
  'vw:app.onDidChangeHostState': true,
  'vw:models.onDidProgress': true,
  'vw:faces.onDidChangeGallery': true,
  'vw:style.onDidProgress': true,
  'vw:style.onDidFinish': true,
};

export const CHANNELS = Object.keys(channelSet) as Channel[];
export const EVENTS = Object.keys(eventSet) as EventName[];

export function isChannel(x: unknown): x is Channel {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(channelSet, x);
}

export function isEventName(x: unknown): x is EventName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(eventSet, x);
}
