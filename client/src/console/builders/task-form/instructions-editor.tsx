import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { clsx } from 'clsx';
import {
  Bold,
  Heading2,
  Heading3,
  Italic,
  Link2,
  List,
  ListOrdered,
  type LucideIcon,
  Quote,
  Strikethrough,
} from 'lucide-react';
import { useEffect, useState } from 'react';
import type { CollabSession } from '../../../collab';
import { Button } from '../../../ui/button';
import { Input } from '../../../ui/field';

// The form's instructions as rich text, typed together: Tiptap bound to the document's `instructions` fragment
// (Collaboration), colleagues' carets and selections drawn with their names (CollaborationCaret, through the
// same awareness as the rest of the presence). Undo inside the text is the editor's own, per user (y-tiptap's
// undo tracks only this editor's changes). Only what the published rich-text schema allows is offered.

const safeLink = /^(https?:|mailto:)/i;

export function InstructionsEditor({
  session,
  isReadOnly,
  labelId,
  onFocusChange,
}: {
  session: CollabSession;
  isReadOnly: boolean;
  labelId: string;
  onFocusChange: (isFocused: boolean) => void;
}) {
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        undoRedo: false,
        codeBlock: false,
        horizontalRule: false,
        heading: { levels: [2, 3] },
        link: {
          openOnClick: false,
          autolink: true,
          protocols: ['mailto'],
          isAllowedUri: (url) => safeLink.test(url),
        },
      }),
      Collaboration.configure({ document: session.doc, field: 'instructions' }),
      CollaborationCaret.configure({ provider: session.provider, user: session.user }),
    ],
    editable: !isReadOnly,
    editorProps: {
      attributes: {
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': labelId,
        class: 'rich-text min-h-24 px-3 py-2 text-sm focus:outline-none',
      },
    },
    onFocus: () => onFocusChange(true),
    onBlur: () => onFocusChange(false),
  });
  useEffect(() => editor?.setEditable(!isReadOnly), [editor, isReadOnly]);
  const [isLinking, setIsLinking] = useState(false);
  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current?.isActive('bold') ?? false,
      italic: current?.isActive('italic') ?? false,
      strike: current?.isActive('strike') ?? false,
      h2: current?.isActive('heading', { level: 2 }) ?? false,
      h3: current?.isActive('heading', { level: 3 }) ?? false,
      bullets: current?.isActive('bulletList') ?? false,
      numbers: current?.isActive('orderedList') ?? false,
      quote: current?.isActive('blockquote') ?? false,
      link: current?.isActive('link') ?? false,
    }),
  });
  if (!editor) return null;
  const chain = () => editor.chain().focus();
  const tools: { label: string; icon: LucideIcon; isOn: boolean | undefined; run: () => void }[] = [
    { label: 'Bold', icon: Bold, isOn: active?.bold, run: () => chain().toggleBold().run() },
    { label: 'Italic', icon: Italic, isOn: active?.italic, run: () => chain().toggleItalic().run() },
    {
      label: 'Strikethrough',
      icon: Strikethrough,
      isOn: active?.strike,
      run: () => chain().toggleStrike().run(),
    },
    {
      label: 'Heading',
      icon: Heading2,
      isOn: active?.h2,
      run: () => chain().toggleHeading({ level: 2 }).run(),
    },
    {
      label: 'Subheading',
      icon: Heading3,
      isOn: active?.h3,
      run: () => chain().toggleHeading({ level: 3 }).run(),
    },
    {
      label: 'Bulleted list',
      icon: List,
      isOn: active?.bullets,
      run: () => chain().toggleBulletList().run(),
    },
    {
      label: 'Numbered list',
      icon: ListOrdered,
      isOn: active?.numbers,
      run: () => chain().toggleOrderedList().run(),
    },
    { label: 'Quote', icon: Quote, isOn: active?.quote, run: () => chain().toggleBlockquote().run() },
    { label: 'Link', icon: Link2, isOn: active?.link, run: () => setIsLinking(true) },
  ];
  return (
    <div className="rounded-lg border border-neutral-300 bg-white focus-within:border-indigo-500 focus-within:ring-1 focus-within:ring-indigo-500">
      {!isReadOnly && (
        <div
          role="toolbar"
          aria-label="Formatting"
          className="flex flex-wrap gap-0.5 border-b border-neutral-200 p-1"
        >
          {tools.map((tool) => (
            <button
              key={tool.label}
              type="button"
              aria-label={tool.label}
              title={tool.label}
              aria-pressed={tool.isOn ?? false}
              onMouseDown={(event) => event.preventDefault()}
              onClick={tool.run}
              className={clsx(
                'rounded p-1.5 text-neutral-600 hover:bg-neutral-100 hover:text-neutral-900',
                tool.isOn && 'bg-indigo-50 text-indigo-700',
              )}
            >
              <tool.icon className="size-4" aria-hidden="true" />
            </button>
          ))}
        </div>
      )}
      {isLinking && (
        <LinkForm
          initial={String(editor.getAttributes('link').href ?? '')}
          onApply={(href) => {
            if (href) chain().extendMarkRange('link').setLink({ href }).run();
            else chain().extendMarkRange('link').unsetLink().run();
            setIsLinking(false);
          }}
          onCancel={() => setIsLinking(false)}
        />
      )}
      <EditorContent editor={editor} />
    </div>
  );
}

function LinkForm({
  initial,
  onApply,
  onCancel,
}: {
  initial: string;
  onApply: (href: string) => void;
  onCancel: () => void;
}) {
  const [href, setHref] = useState(initial);
  const isValid = href === '' || safeLink.test(href);
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-neutral-200 bg-neutral-50 p-2">
      <Input
        aria-label="Link address"
        aria-invalid={!isValid}
        className="min-w-48 flex-1"
        placeholder="https://…"
        value={href}
        autoFocus
        onChange={(event) => setHref(event.target.value.trim())}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && isValid) {
            event.preventDefault();
            onApply(href);
          } else if (event.key === 'Escape') onCancel();
        }}
      />
      <Button size="sm" variant="primary" disabled={!isValid} onClick={() => onApply(href)}>
        {href ? 'Apply' : 'Remove link'}
      </Button>
      <Button size="sm" variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
      {!isValid && (
        <p className="w-full text-xs text-red-700">Links start with http://, https:// or mailto:.</p>
      )}
    </div>
  );
}
