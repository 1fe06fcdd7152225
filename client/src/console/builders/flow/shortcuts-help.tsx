import { Keyboard } from 'lucide-react';
import { useId } from 'react';
import { Button } from '../../../ui/button';

export const shortcuts: [keys: string, what: string][] = [
  ['Drag from the palette', 'Add a step where you drop it'],
  ['+ on an edge', 'Insert a step between two others'],
  ['Drag from a handle', 'Connect two steps'],
  ['Shift + click, Shift + drag', 'Select several'],
  ['Ctrl + A', 'Select everything'],
  ['Ctrl + C / Ctrl + V', 'Copy and paste steps (also into another flow)'],
  ['Delete or Backspace', 'Delete the selection'],
  ['Ctrl + Z / Ctrl + Shift + Z', 'Undo / redo your own edits'],
  ['Shift + L', 'Tidy up (auto-layout)'],
  ['Shift + F', 'Zoom to fit'],
  ['?', 'Show these shortcuts'],
];

/** The canvas's keyboard shortcuts, in a popover that opens from the toolbar or with "?". */
export function ShortcutsHelp({
  isOpen,
  onOpenChange,
}: {
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="relative">
      <Button
        size="sm"
        variant="ghost"
        icon={Keyboard}
        aria-expanded={isOpen}
        aria-controls={id}
        onClick={() => onOpenChange(!isOpen)}
      >
        Shortcuts
      </Button>
      {isOpen && (
        <div
          id={id}
          role="dialog"
          aria-label="Keyboard shortcuts"
          className="absolute top-10 right-0 z-20 w-96 rounded-lg border border-neutral-200 bg-white p-4 shadow-lg"
          onKeyDown={(event) => event.key === 'Escape' && onOpenChange(false)}
        >
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            {shortcuts.map(([keys, what]) => (
              <div key={keys} className="contents">
                <dt>
                  <kbd className="rounded border border-neutral-300 bg-neutral-50 px-1.5 py-0.5 font-mono text-xs whitespace-nowrap">
                    {keys}
                  </kbd>
                </dt>
                <dd className="text-neutral-700">{what}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
    </div>
  );
}
