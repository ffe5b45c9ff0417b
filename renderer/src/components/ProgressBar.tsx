import { Progress } from '@mantine/core';

/** An accessible progress bar; `fraction` undefined = indeterminate. */
export function ProgressBar({ fraction, label, testId }: { fraction?: number; label: string; testId?: string }) {
  const pct = fraction === undefined ? undefined : Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      data-testid={testId}
    >
      <Progress value={pct ?? 100} animated={pct === undefined} striped={pct === undefined} size="lg" aria-hidden="true" />
      <span className="progress-text">{pct === undefined ? '…' : `${pct} %`}</span>
    </div>
  );
}
