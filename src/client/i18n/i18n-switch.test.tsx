// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installBrowserStubs, renderApp } from '@/client/testing/render-app';
import { en } from './en';
import { ko } from './ko';

beforeEach(() => {
  installBrowserStubs();
  localStorage.clear();
});
afterEach(() => cleanup());

function leafKeys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? leafKeys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('i18n', () => {
  it('Korean has exactly the English keys, every one a non-empty string', () => {
    expect(leafKeys(ko).sort()).toEqual(leafKeys(en).sort());
    for (const key of leafKeys(ko)) {
      const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], ko);
      expect(typeof value === 'string' && value.length > 0, key).toBe(true);
    }
  });

  it('switching the language select turns the page Korean, remembers it, and back', async () => {
    const user = userEvent.setup();
    renderApp('en');
    expect(screen.getByLabelText('Choose image')).toBeInTheDocument();
    expect(screen.getByTestId('analysis-status')).toHaveTextContent('No image yet.');
    await waitFor(() => expect(screen.getByTestId('provider-badge')).toHaveTextContent('Offline engine'));

    await user.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'ko');
    expect(screen.getByLabelText('이미지 선택')).toBeInTheDocument();
    expect(screen.getByTestId('analysis-status')).toHaveTextContent('아직 이미지가 없습니다.');
    expect(screen.getByTestId('provider-badge')).toHaveTextContent('오프라인 엔진');
    expect(screen.getByRole('slider', { name: '점수 임계값' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('ko');
    expect(localStorage.getItem('posescope.language')).toBe('ko');

    await user.selectOptions(screen.getByRole('combobox', { name: '언어' }), 'en');
    expect(screen.getByLabelText('Choose image')).toBeInTheDocument();
  });

  it('starts in the remembered language', () => {
    renderApp('ko');
    expect(screen.getByRole('button', { name: '샘플 사진으로 해 보기' })).toBeInTheDocument();
  });
});
