import type { ReactNode } from 'react';
import { Text, ThemeIcon } from '@mantine/core';

/** What to do first, where a result will appear. */
export function EmptyState({ icon, title, children, testId }: { icon: ReactNode; title: string; children?: ReactNode; testId?: string }) {
  return (
    <div className="empty-state" data-testid={testId}>
      <ThemeIcon size={56} radius="xl" variant="light" aria-hidden="true">
        {icon}
      </ThemeIcon>
      <Text fw={600} size="lg">
        {title}
      </Text>
      {children && (
        <Text size="sm" c="dimmed" maw={420} ta="center">
          {children}
        </Text>
      )}
    </div>
  );
}
