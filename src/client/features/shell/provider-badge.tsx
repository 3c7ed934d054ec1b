import { useTranslation } from 'react-i18next';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Health } from '@/client/api/get-health';

/** Which provider analyses images, and when analysis is unavailable, why. */
export function ProviderBadge({ health }: { health: UseQueryResult<Health, Error> }) {
  const { t } = useTranslation();
  // An anonymous caller of a server with ACCESS_TOKEN learns only { status } until signed in.
  if (health.isPending || (health.isSuccess && !health.data.provider)) {
    return (
      <span className="badge" data-testid="provider-badge" data-provider="unknown">
        {t('provider.checking')}
      </span>
    );
  }
  if (health.isError) {
    return (
      <span
        className="badge badge-bad"
        data-testid="provider-badge"
        data-provider="unknown"
        title={health.error.message}
      >
        {t('provider.unreachable')}
        <span className="badge-reason">{t('provider.unavailable', { reason: health.error.message })}</span>
      </span>
    );
  }
  const h = health.data;
  const name = t(h.provider === 'nhn' ? 'provider.nhn' : 'provider.local');
  const ready = h.ready !== false && h.status === 'ok';
  const reason = h.reason ?? h.providerReason;
  return (
    <span
      className={`badge ${ready ? 'badge-ok' : 'badge-bad'}`}
      data-testid="provider-badge"
      data-provider={h.provider}
      data-ready={String(ready)}
      title={[reason, h.model ? t('provider.model', { model: h.model }) : undefined]
        .filter(Boolean)
        .join(' · ')}
    >
      <span className="badge-dot" aria-hidden="true" />
      {name}
      {!ready && (
        <span className="badge-reason">{t('provider.unavailable', { reason: reason ?? h.status })}</span>
      )}
    </span>
  );
}
