import type { VersionSummary } from '@erp/shared/api/versions';
import type { DocumentKind } from '@erp/shared/ids';
import { GitCompareArrows } from 'lucide-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button } from '../../ui/button';
import { SelectField } from '../../ui/field';
import { Form } from '../../ui/form';
import { comparePagePath, type DiffSide, describeSide, parseDiffSide } from './sides';

/** "Compare [version 2] with [the draft]": picks two sides and opens them side by side. */
export function CompareForm({
  kind,
  documentId,
  versions,
  from: initialFrom,
  to: initialTo,
}: {
  kind: DocumentKind;
  documentId: string;
  versions: readonly VersionSummary[];
  from?: DiffSide;
  to?: DiffSide;
}) {
  const navigate = useNavigate();
  const [from, setFrom] = useState(String(initialFrom ?? versions[0]?.number ?? 'draft'));
  const [to, setTo] = useState(String(initialTo ?? 'draft'));
  const options = [
    ...versions.map((version) => ({ value: String(version.number), label: `Version ${version.number}` })),
    { value: 'draft', label: 'The draft' },
  ];
  // Sides that are not in the list (a history point, an older version) stay selectable as they are.
  const withCurrent = (value: string) => {
    const side = parseDiffSide(value);
    return options.some((option) => option.value === value) || side === null
      ? options
      : [...options, { value, label: describeSide(side) }];
  };
  return (
    <Form
      className="mb-4 flex flex-wrap items-end gap-3"
      onSubmit={() => {
        const fromSide = parseDiffSide(from);
        const toSide = parseDiffSide(to);
        if (fromSide !== null && toSide !== null)
          navigate(comparePagePath(kind, documentId, fromSide, toSide));
      }}
    >
      <SelectField label="From" value={from} options={withCurrent(from)} onChange={setFrom} />
      <SelectField label="To" value={to} options={withCurrent(to)} onChange={setTo} />
      <Button type="submit" icon={GitCompareArrows}>
        Compare
      </Button>
    </Form>
  );
}
