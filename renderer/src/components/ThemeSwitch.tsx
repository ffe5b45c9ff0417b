import { SegmentedControl, useMantineColorScheme, VisuallyHidden, type MantineColorScheme } from '@mantine/core';
import { IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react';

const OPTIONS: { value: MantineColorScheme; label: string; Icon: typeof IconSun }[] = [
  { value: 'light', label: 'Light theme', Icon: IconSun },
  { value: 'auto', label: 'Theme of the system', Icon: IconDeviceDesktop },
  { value: 'dark', label: 'Dark theme', Icon: IconMoon },
];

/** Light, dark, or whatever the OS says (the default); remembered in local storage. */
export function ThemeSwitch() {
  // keepTransitions: otherwise Mantine injects a <style> to pause transitions, which the CSP refuses.
  const { colorScheme, setColorScheme } = useMantineColorScheme({ keepTransitions: true });
  return (
    <SegmentedControl
      fullWidth
      size="xs"
      aria-label="Colour theme"
      value={colorScheme}
      onChange={(v) => setColorScheme(v as MantineColorScheme)}
      data={OPTIONS.map(({ value, label, Icon }) => ({
        value,
        label: (
          <span className="theme-option" title={label}>
            <Icon size={16} aria-hidden="true" />
            <VisuallyHidden>{label}</VisuallyHidden>
          </span>
        ),
      }))}
    />
  );
}
