import { useState, type KeyboardEvent } from 'react';
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

/** The lessons of the course's notes, one panel each; the picker is a keyboard-navigable tab list. */
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
  const current = LESSONS.find((l) => l.id === lesson)!;
  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = LESSONS.findIndex((l) => l.id === lesson);
    const next = LESSONS[(i + (e.key === 'ArrowRight' ? 1 : LESSONS.length - 1)) % LESSONS.length]!;
    setLesson(next.id);
    document.getElementById(`lesson-tab-${next.id}`)?.focus();
  };
  return (
    <section className="page-lab" aria-labelledby="lab-title">
      <h1 id="lab-title">Lab</h1>
      <div role="tablist" aria-label="Lessons" className="lesson-tabs" onKeyDown={onKey}>
        {LESSONS.map((l) => (
          <button
            key={l.id}
            id={`lesson-tab-${l.id}`}
            type="button"
            role="tab"
            aria-selected={l.id === lesson}
            aria-controls={`lesson-${l.id}`}
            tabIndex={l.id === lesson ? 0 : -1}
            onClick={() => setLesson(l.id)}
          >
            {l.title}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`lesson-${current.id}`} aria-labelledby={`lesson-tab-${current.id}`} className="lesson-panel">
        <current.Panel />
      </div>
    </section>
  );
}
