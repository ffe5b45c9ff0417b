import type { ReactNode } from 'react';
import { Paper, Title } from '@mantine/core';

/** A titled surface: one group of inputs, a result, or details. */
export function Panel({
  title,
  icon,
  actions,
  children,
  testId,
  className,
}: {
  title?: string;
  icon?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  testId?: string;
  className?: string;
}) {
  return (
    <Paper withBorder radius="md" p="md" className={`card${className ? ` ${className}` : ''}`} data-testid={testId}>
      {(title || actions) && (
        <div className="panel-head">
          {title && (
            <Title order={2} className="panel-title">
              {icon}
              {title}
            </Title>
          )}
          {actions && <div className="panel-actions">{actions}</div>}
        </div>
      )}
      {children}
    </Paper>
  );
}
