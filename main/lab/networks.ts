/**
 * The classic networks of the course's notes, as architecture descriptions
 * (no weights): the notes' LeNet-like example, LeNet-5, AlexNet, VGG-16, a
 * residual block, ResNet-50, an Inception module and GoogLeNet.
 *
 * Sources: LeCun et al. 1998 "Gradient-based learning applied to document
 * recognition" (LeNet-5, in the course's modern form: ReLU-free, full C3
 * connectivity, FC output); Krizhevsky et al. 2012 (AlexNet, in the course's
 * single-tower 227×227 form); Simonyan & Zisserman 2015 (VGG-16,
 * configuration D); He et al. 2016 "Deep residual learning" (ResNet-50, with
 * the stride on the 3×3 conv as in torchvision, BN after every conv);
 * Szegedy et al. 2015 "Going deeper with convolutions" (GoogLeNet, Table 1,
 * without the auxiliary classifiers).
 */
import type { LabNetworkId, LabNetworkInfo, LabNetworkReport } from '../../preload/contract';
import { VwError } from '../errors';
import { ArchBuilder, type Act } from './arch';

/** The notes' example: 32×32×3 → CONV5 8 → POOL → CONV5 16 → POOL → FC120 → FC84 → softmax 10. */
function notesCnn(): ArchBuilder {
  const b = new ArchBuilder('Notes CNN example');
  let x = b.input([32, 32, 3]);
  x = b.conv(x, 8, { f: 5, name: 'CONV1' });
  x = b.pool(x, 'max', 2, 2, 'valid', 'POOL1');
  x = b.conv(x, 16, { f: 5, name: 'CONV2' });
  x = b.pool(x, 'max', 2, 2, 'valid', 'POOL2');
  x = b.fc(x, 120, { name: 'FC3' });
  x = b.fc(x, 84, { name: 'FC4' });
  b.fc(x, 10, { name: 'Softmax', softmax: true });
  return b;
}

function lenet5(): ArchBuilder {
  const b = new ArchBuilder('LeNet-5');
  let x = b.input([32, 32, 1]);
  x = b.conv(x, 6, { f: 5, name: 'C1' });
  x = b.pool(x, 'avg', 2, 2, 'valid', 'S2');
  x = b.conv(x, 16, { f: 5, name: 'C3' });
  x = b.pool(x, 'avg', 2, 2, 'valid', 'S4');
  x = b.fc(x, 120, { name: 'C5' });
  x = b.fc(x, 84, { name: 'F6' });
  b.fc(x, 10, { name: 'output', softmax: true });
  return b;
}

function alexnet(): ArchBuilder {
  const b = new ArchBuilder('AlexNet');
  let x = b.input([227, 227, 3]);
  x = b.conv(x, 96, { f: 11, s: 4, name: 'conv1' });
  x = b.pool(x, 'max', 3, 2, 'valid', 'pool1');
  x = b.conv(x, 256, { f: 5, p: 'same', name: 'conv2' });
  x = b.pool(x, 'max', 3, 2, 'valid', 'pool2');
  x = b.conv(x, 384, { f: 3, p: 'same', name: 'conv3' });
  x = b.conv(x, 384, { f: 3, p: 'same', name: 'conv4' });
  x = b.conv(x, 256, { f: 3, p: 'same', name: 'conv5' });
  x = b.pool(x, 'max', 3, 2, 'valid', 'pool5');
  x = b.fc(x, 4096, { name: 'fc6' });
  x = b.fc(x, 4096, { name: 'fc7' });
  b.fc(x, 1000, { name: 'fc8', softmax: true });
  return b;
}

function vgg16(): ArchBuilder {
  const b = new ArchBuilder('VGG-16');
  let x = b.input([224, 224, 3]);
  const stages: [number, number][] = [
    [64, 2],
    [128, 2],
    [256, 3],
    [512, 3],
    [512, 3],
  ];
  stages.forEach(([filters, n], si) => {
    for (let i = 0; i < n; i++) x = b.conv(x, filters, { f: 3, p: 1, name: `conv${si + 1}_${i + 1}` });
    x = b.pool(x, 'max', 2, 2, 'valid', `pool${si + 1}`);
  });
  x = b.fc(x, 4096, { name: 'fc6' });
  x = b.fc(x, 4096, { name: 'fc7' });
  b.fc(x, 1000, { name: 'fc8', softmax: true });
  return b;
}

/** Bottleneck block of ResNet-50: 1×1 → 3×3 (stride) → 1×1 ×4, projection shortcut when the shape changes. */
function bottleneck(b: ArchBuilder, x: Act, width: number, stride: number, name: string): Act {
  const out = width * 4;
  let y = b.conv(x, width, { f: 1, bias: false, bn: true, name: `${name}.conv1` });
  y = b.conv(y, width, { f: 3, s: stride, p: 1, bias: false, bn: true, name: `${name}.conv2` });
  y = b.conv(y, out, { f: 1, bias: false, bn: true, name: `${name}.conv3` });
  const skip =
    stride !== 1 || x.shape[2] !== out ? b.conv(x, out, { f: 1, s: stride, bias: false, bn: true, name: `${name}.downsample` }) : x;
  return b.add(y, skip, `${name}.add`);
}

function resnet50(): ArchBuilder {
  const b = new ArchBuilder('ResNet-50');
  let x = b.input([224, 224, 3]);
  x = b.conv(x, 64, { f: 7, s: 2, p: 3, bias: false, bn: true, name: 'conv1' });
  x = b.pool(x, 'max', 3, 2, 1, 'maxpool');
  const stages: [number, number, number][] = [
    [64, 3, 1],
    [128, 4, 2],
    [256, 6, 2],
    [512, 3, 2],
  ];
  stages.forEach(([width, n, stride], si) => {
    for (let i = 0; i < n; i++) x = bottleneck(b, x, width, i === 0 ? stride : 1, `layer${si + 1}.${i}`);
  });
  x = b.globalAvgPool(x, 'avgpool');
  b.fc(x, 1000, { name: 'fc', softmax: true });
  return b;
}

/** The notes' residual block: a[l] → CONV → ReLU → CONV → (+ a[l]) → ReLU, on ResNet's 56×56×64 stage. */
function residualBlock(): ArchBuilder {
  const b = new ArchBuilder('Residual block');
  const x = b.input([56, 56, 64], 'a[l]');
  let y = b.conv(x, 64, { f: 3, p: 1, bias: false, bn: true, name: 'conv a[l+1]' });
  y = b.conv(y, 64, { f: 3, p: 1, bias: false, bn: true, name: 'conv z[l+2]' });
  b.add(y, x, 'a[l+2] = g(z[l+2] + a[l])');
  return b;
}

type InceptionSpec = [n1: number, r3: number, n3: number, r5: number, n5: number, pool: number];

function inception(b: ArchBuilder, x: Act, [n1, r3, n3, r5, n5, pp]: InceptionSpec, name: string): Act {
  const a = b.conv(x, n1, { f: 1, name: `${name}.1x1` });
  const r3a = b.conv(x, r3, { f: 1, name: `${name}.3x3_reduce` });
  const c = b.conv(r3a, n3, { f: 3, p: 'same', name: `${name}.3x3` });
  const r5a = b.conv(x, r5, { f: 1, name: `${name}.5x5_reduce` });
  const d = b.conv(r5a, n5, { f: 5, p: 'same', name: `${name}.5x5` });
  const pooled = b.pool(x, 'max', 3, 1, 'same', `${name}.pool`);
  const e = b.conv(pooled, pp, { f: 1, name: `${name}.pool_proj` });
  return b.concat([a, c, d, e], `${name}.concat`);
}

/** GoogLeNet's Table 1: the nine Inception modules. */
const GOOGLENET: Record<string, InceptionSpec> = {
  '3a': [64, 96, 128, 16, 32, 32],
  '3b': [128, 128, 192, 32, 96, 64],
  '4a': [192, 96, 208, 16, 48, 64],
  '4b': [160, 112, 224, 24, 64, 64],
  '4c': [128, 128, 256, 24, 64, 64],
  '4d': [112, 144, 288, 32, 64, 64],
  '4e': [256, 160, 320, 32, 128, 128],
  '5a': [256, 160, 320, 32, 128, 128],
  '5b': [384, 192, 384, 48, 128, 128],
};

/** Inception (3a), the module whose 5×5 branch is the notes' 1×1-bottleneck example (28×28×192 → 16 → 32). */
function inceptionModule(): ArchBuilder {
  const b = new ArchBuilder('Inception module (3a)');
  inception(b, b.input([28, 28, 192]), GOOGLENET['3a']!, 'inception_3a');
  return b;
}

function googlenet(): ArchBuilder {
  const b = new ArchBuilder('GoogLeNet');
  let x = b.input([224, 224, 3]);
  x = b.conv(x, 64, { f: 7, s: 2, p: 'same', name: 'conv1/7x7_s2' });
  x = b.pool(x, 'max', 3, 2, 'same', 'pool1/3x3_s2');
  x = b.conv(x, 64, { f: 1, name: 'conv2/3x3_reduce' });
  x = b.conv(x, 192, { f: 3, p: 'same', name: 'conv2/3x3' });
  x = b.pool(x, 'max', 3, 2, 'same', 'pool2/3x3_s2');
  for (const m of ['3a', '3b']) x = inception(b, x, GOOGLENET[m]!, `inception_${m}`);
  x = b.pool(x, 'max', 3, 2, 'same', 'pool3/3x3_s2');
  for (const m of ['4a', '4b', '4c', '4d', '4e']) x = inception(b, x, GOOGLENET[m]!, `inception_${m}`);
  x = b.pool(x, 'max', 3, 2, 'same', 'pool4/3x3_s2');
  for (const m of ['5a', '5b']) x = inception(b, x, GOOGLENET[m]!, `inception_${m}`);
  x = b.pool(x, 'avg', 7, 1, 'valid', 'pool5/7x7_s1');
  b.fc(x, 1000, { name: 'loss3/classifier', softmax: true });
  return b;
}

const NETWORKS: Record<LabNetworkId, { title: string; source: string; build: () => ArchBuilder }> = {
  'notes-cnn': { title: "The notes' CNN example", source: 'course notes (LeNet-5-like, 32×32×3)', build: notesCnn },
  lenet5: { title: 'LeNet-5', source: 'LeCun et al. 1998 (modern form, ≈ 60 k parameters)', build: lenet5 },
  alexnet: { title: 'AlexNet', source: 'Krizhevsky et al. 2012 (single tower, ≈ 60 M parameters)', build: alexnet },
  vgg16: { title: 'VGG-16', source: 'Simonyan & Zisserman 2015, configuration D', build: vgg16 },
  'residual-block': { title: 'Residual block', source: 'He et al. 2016, basic block at 56×56×64', build: residualBlock },
  resnet50: { title: 'ResNet-50', source: 'He et al. 2016 (torchvision layout, BN folded into the conv rows)', build: resnet50 },
  'inception-module': { title: 'Inception module (3a)', source: 'Szegedy et al. 2015, Table 1', build: inceptionModule },
  googlenet: { title: 'GoogLeNet', source: 'Szegedy et al. 2015, Table 1 (no auxiliary classifiers)', build: googlenet },
};

export const NETWORK_IDS = Object.keys(NETWORKS) as LabNetworkId[];

/** The networks the Lab describes. */
export function listNetworks(): LabNetworkInfo[] {
  return NETWORK_IDS.map((id) => ({ id, title: NETWORKS[id].title, source: NETWORKS[id].source }));
}

/**
 * One network's layer table.
 *
 * @example describeNetwork('vgg16').totals.params; // 138357544
 */
export function describeNetwork(id: LabNetworkId): LabNetworkReport {
  const n = NETWORKS[id];
  if (!n) throw new VwError('E_BAD_ARGUMENT', `Unknown network "${String(id)}".`, { hint: `Use one of: ${NETWORK_IDS.join(', ')}.` });
  return { id, title: n.title, source: n.source, ...n.build().report() };
}
