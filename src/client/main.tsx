import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createI18n, initialLanguage, switchLanguage } from './i18n/i18n';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// A Korean user waits for the Korean strings (a small chunk) before the first render, so the
// page never flashes English; everyone else renders at once.
const lng = initialLanguage();
const i18n = createI18n('en');
void (lng === 'en' ? Promise.resolve() : switchLanguage(i18n, lng))
  .catch(() => undefined)
  .finally(() =>
    createRoot(root).render(
      <StrictMode>
        <App i18n={i18n} />
      </StrictMode>,
    ),
  );
