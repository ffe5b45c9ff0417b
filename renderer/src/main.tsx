import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import './theme.css';
import './styles.css';
import { App } from './App';
import { createClient } from './client/create-client';
import { ClientContext } from './client/context';
import { theme } from './theme';

const client = createClient();
const root = document.getElementById('root');
if (!root) throw new Error('no #root element');

// No CSS variables or global classes injected at run time: the CSP refuses
// inline <style>; theme.css carries the variables instead.
createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto" withCssVariables={false} withGlobalClasses={false}>
      <ClientContext.Provider value={client}>
        <App />
      </ClientContext.Provider>
    </MantineProvider>
  </StrictMode>,
);
