import { useState } from 'react';
import { Tabs } from '@mantine/core';
import { PageHeader } from '../components/PageHeader';
import { ConvolutionLesson } from './lab/ConvolutionLesson';
import { NetworksLesson } from './lab/NetworksLesson';
import { OneByOneLesson } from './lab/OneByOneLesson';
import { LargeImageLesson } from './lab/LargeImageLesson';
import { YoloLesson } from './lab/YoloLesson';
import { SlidingLesson } from './lab/SlidingLesson';
import { VerifyLesson } from './lab/VerifyLesson';
import { LocalizeLesson } from './lab/LocalizeLesson';
import { StyleCostsLesson } from './lab/StyleCostsLesson';
import { TripletLesson } from './lab/TripletLesson';
import './lab/lab.css';

/** The lessons of the course's notes, one panel each; the picker is a keyboard-navigable tab list (arrow keys). */
const LESSONS = [
  { id: 'convolution', title: 'Convolution', Panel: ConvolutionLesson },
  { id: 'networks', title: 'Classic networks', Panel: NetworksLesson },
  { id: 'one-by-one', title: '1×1 convolutions', Panel: OneByOneLesson },
  { id: 'large-image', title: 'Large images', Panel: LargeImageLesson },
  { id: 'localize', title: 'Localization', Panel: LocalizeLesson },
  { id: 'sliding', title: 'Sliding windows', Panel: SlidingLesson },
  { id: 'yolo', title: 'YOLO step by step', Panel: YoloLesson },
  { id: 'verify', title: 'Verification', Panel: VerifyLesson },
  { id: 'triplet', title: 'Triplet loss', Panel: TripletLesson },
  { id: 'style-costs', title: 'Style costs', Panel: StyleCostsLesson },
] as const;

type LessonId = (typeof LESSONS)[number]['id'];

export function LabPage() {
  const [lesson, setLesson] = useState<LessonId>('convolution');
  return (
    <section className="page-lab" aria-labelledby="lab-title">
      <PageHeader
        id="lab-title"
        title="Lab"
        description="The course's lessons on convolutional networks, computed by the engines on real models and pictures."
      />
      <Tabs value={lesson} onChange={(v) => v && setLesson(v as LessonId)} variant="pills" radius="md" keepMounted={false}>
        <Tabs.List aria-label="Lessons" className="lesson-tabs">
          {LESSONS.map((l) => (
            <Tabs.Tab key={l.id} value={l.id}>
              {l.title}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {LESSONS.map((l) => (
          <Tabs.Panel key={l.id} value={l.id} className="lesson-panel">
            <l.Panel />
          </Tabs.Panel>
        ))}
      </Tabs>
    </section>
  );
}
