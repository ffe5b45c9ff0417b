import { ensureModels, modelStatus } from './main/models';
const r = await ensureModels({ ids: ['fr_detect','fr_landmark','fr_feature','blazeface_front'], onProgress: p => console.error(p.model, p.stage, p.message ?? '') });
console.log(r.map(x => [x.id, x.file, x.sha256, x.built, Math.round(x.ms)]));
const r2 = await ensureModels({ ids: ['fr_detect','fr_landmark','fr_feature','blazeface_front'] });
console.log(r2.map(x => [x.id, x.built, Math.round(x.ms)]));
console.log(modelStatus());
