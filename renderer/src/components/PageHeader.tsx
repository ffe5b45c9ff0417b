import type { ReactNode } from 'react';
import { Text, Title } from '@mantine/core';

/** Every page starts the same way: its title, one line on what it does, and its page-wide actions. */
export function PageHeader({
  id,
  title,
  description,
  actions,
}: {
  id: string;
  title: string;
  description: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <header className="page-header">
      <div>
        <Title order={1} id={id} className="page-title">
          {title}
        </Title>
        <Text size="sm" c="dimmed" className="page-description">
          {description}
        </Text>
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </header>
  );
}
