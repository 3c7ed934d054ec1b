import type { Dispatch } from 'react';
import { useTranslation } from 'react-i18next';
import type { PartGroup } from '@/contract/pose-envelope';
import type { ViewAction } from './view-state';

export const TOGGLED_PARTS: readonly PartGroup[] = ['body', 'foot', 'face', 'hand'];

/** Body / foot / face / hand switches, each with how many keypoints it holds (all people). */
export function PartToggles({
  parts,
  counts,
  dispatch,
}: {
  parts: Record<PartGroup, boolean>;
  counts: Record<PartGroup, number>;
  dispatch: Dispatch<ViewAction>;
}) {
  const { t } = useTranslation();
  const shown = [...TOGGLED_PARTS, ...(counts.other > 0 ? (['other'] as const) : [])];
  return (
    <fieldset className="part-toggles">
      <legend>{t('viewer.parts')}</legend>
      {shown.map((part) => (
        <label key={part} className="toggle" data-testid={`part-toggle-${part}`}>
          <input
            type="checkbox"
            checked={parts[part]}
            onChange={() => dispatch({ type: 'toggle-part', part })}
          />
          <span className="toggle-name">{t(`viewer.part_${part}`)}</span>
          <span className="toggle-count" data-testid={`part-count-${part}`}>
            {counts[part]}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
