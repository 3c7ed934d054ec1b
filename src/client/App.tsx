import { useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { i18n as I18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { AppShell } from './features/shell/app-shell';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { refetchOnWindowFocus: false, staleTime: 5_000 },
      mutations: { retry: false },
    },
  });
}

interface AppProps {
  i18n: I18n;
  /** Tests pass their own client; the app makes one per page. */
  queryClient?: QueryClient;
}

export function App({ i18n, queryClient }: AppProps) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={client}>
        <AppShell />
      </QueryClientProvider>
    </I18nextProvider>
  );
}
