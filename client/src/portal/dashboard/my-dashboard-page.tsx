import {
  type Announcements,
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  MeasuringStrategy,
  PointerSensor,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import type { ReportSummary } from '@erp/shared/api/datasets';
import { LayoutDashboard, Plus } from 'lucide-react';
import { useEffect, useState } from 'react';
import { getDashboard, saveDashboard } from '../../api/dashboards';
import { listReports } from '../../api/datasets';
import { useApi } from '../../api/use-api';
import { ErrorAlert } from '../../ui/alert';
import { Button } from '../../ui/button';
import { Card } from '../../ui/card';
import { EmptyState } from '../../ui/empty-state';
import { SelectField } from '../../ui/field';
import { PageHeader } from '../../ui/page-header';
import { LoadingState } from '../../ui/spinner';
import { DashboardPanel } from './dashboard-panel';

// The person's own dashboard (docs/decisions/0004): reports they chose, one under another, in the order they
// dragged them to (pointer, or keyboard on the handle). Every change is saved at once; the saved order is shown
// again only if saving failed.

export function MyDashboardPage() {
  const saved = useApi('dashboard', getDashboard);
  const reports = useApi('reports', listReports);
  const [items, setItems] = useState<ReportSummary[] | null>(null);
  const [choice, setChoice] = useState('');
  const [saveError, setSaveError] = useState<unknown>();
  useEffect(() => {
    if (saved.data) setItems(saved.data.items);
  }, [saved.data]);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  if (saved.error !== undefined)
    return (
      <>
        <PageHeader title="My dashboard" />
        <ErrorAlert error={saved.error} title="Your dashboard could not be loaded" onRetry={saved.reload} />
      </>
    );
  if (!items) return <LoadingState />;

  const save = (next: ReportSummary[]) => {
    const before = items;
    setItems(next);
    setSaveError(undefined);
    saveDashboard(next.map((item) => item.documentId)).catch((error: unknown) => {
      setItems(before);
      setSaveError(error);
    });
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const from = items.findIndex((item) => item.documentId === active.id);
    const to = items.findIndex((item) => item.documentId === over?.id);
    if (from >= 0 && to >= 0 && from !== to) save(arrayMove(items, from, to));
  };
  const nameOf = (id: string | number) => items.find((item) => item.documentId === id)?.name ?? 'the report';
  const positionOf = (id: string | number) =>
    `position ${items.findIndex((item) => item.documentId === id) + 1} of ${items.length}`;
  const announcements: Announcements = {
    onDragStart: ({ active }) => `Picked up ${nameOf(active.id)}.`,
    onDragOver: ({ active, over }) => (over ? `${nameOf(active.id)} is at ${positionOf(over.id)}.` : ''),
    onDragEnd: ({ active, over }) =>
      over
        ? `${nameOf(active.id)} was dropped at ${positionOf(over.id)}.`
        : `${nameOf(active.id)} was put back.`,
    onDragCancel: ({ active }) => `Moving ${nameOf(active.id)} was cancelled.`,
  };
  const shown = new Set(items.map((item) => item.documentId));
  const addable = (reports.data?.items ?? []).filter((report) => !shown.has(report.documentId));
  const add = () => {
    const report = addable.find((candidate) => candidate.documentId === choice) ?? addable[0];
    if (report) save([...items, report]);
    setChoice('');
  };

  return (
    <>
      <PageHeader
        title="My dashboard"
        description="Your reports on one page. Drag a report by its handle, or move it with its up and down buttons."
      />
      {saveError !== undefined && (
        <ErrorAlert error={saveError} title="Your dashboard could not be saved; it is as it was" />
      )}
      {addable.length > 0 && (
        <div className="mb-4 flex flex-wrap items-end gap-2">
          <SelectField
            label="Report to add"
            value={choice || (addable[0]?.documentId ?? '')}
            options={addable.map((report) => ({ value: report.documentId, label: report.name }))}
            onChange={setChoice}
          />
          <Button icon={Plus} onClick={add}>
            Add to dashboard
          </Button>
        </div>
      )}
      {items.length === 0 ? (
        <Card>
          <EmptyState icon={LayoutDashboard} title="Nothing on your dashboard yet">
            <p>
              {addable.length > 0
                ? 'Add the reports you look at most; they appear here one under another, in the order you choose.'
                : 'Reports appear once a developer publishes a dataset over data you may see.'}
            </p>
          </EmptyState>
        </Card>
      ) : (
        <DndContext
          sensors={sensors}
          // Reports measured before a drag starts, so the first arrow key of a keyboard drag has places to go.
          measuring={{ droppable: { strategy: MeasuringStrategy.Always } }}
          collisionDetection={closestCenter}
          accessibility={{ announcements }}
          onDragEnd={onDragEnd}
        >
          <SortableContext
            items={items.map((item) => item.documentId)}
            strategy={verticalListSortingStrategy}
          >
            <ul className="space-y-4" aria-label="Dashboard reports">
              {items.map((report, index) => (
                <DashboardPanel
                  key={report.documentId}
                  report={report}
                  onMoveUp={index > 0 ? () => save(arrayMove(items, index, index - 1)) : undefined}
                  onMoveDown={
                    index < items.length - 1 ? () => save(arrayMove(items, index, index + 1)) : undefined
                  }
                  onRemove={() => save(items.filter((item) => item !== report))}
                />
              ))}
            </ul>
          </SortableContext>
        </DndContext>
      )}
    </>
  );
}
