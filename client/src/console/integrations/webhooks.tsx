import type { HookDelivery, HookDeliveryOutcome } from '@erp/shared/api/triggers';
import { Copy, KeyRound, Plus, RefreshCw, Webhook } from 'lucide-react';
import { type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import {
  createHook,
  createSecret,
  deleteHook,
  deleteSecret,
  listHookDeliveries,
  listHooks,
  listSecrets,
  rotateHookSecret,
  rotateSecret,
} from '../../api/triggers';
import { type Loaded, useAction, useApi } from '../../api/use-api';
import { ErrorAlert, type Feedback, FeedbackArea, useFeedback } from '../../ui/alert';
import { Badge, type BadgeTone } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Card, CardHeader } from '../../ui/card';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { Dialog, FormDialog } from '../../ui/dialog';
import { EmptyState } from '../../ui/empty-state';
import { Field, Input, TextField } from '../../ui/field';
import { formatDateTime } from '../../ui/format';
import { RelativeTime } from '../../ui/relative-time';
import { Table, Td, Th } from '../../ui/table';
import { documentPath } from '../documents/document-kinds';

// Webhooks in both directions: incoming endpoints (URL, secret rotation, recent deliveries with what verifying
// each found) and the signing secrets outgoing webhook actions sign with. Secrets are shown once, when made.

const outcomes: Record<HookDeliveryOutcome, { label: string; tone: BadgeTone; why: string }> = {
  accepted: { label: 'Accepted', tone: 'green', why: 'Signature verified; the event was recorded.' },
  replayed: {
    label: 'Replay',
    tone: 'amber',
    why: 'Signed correctly, but this message id was already received: refused.',
  },
  unsigned: {
    label: 'Unsigned',
    tone: 'red',
    why: 'webhook-id, webhook-timestamp or webhook-signature is missing.',
  },
  stale: {
    label: 'Too old',
    tone: 'red',
    why: 'The timestamp is more than 5 minutes from the server clock (a replay, or a wrong clock).',
  },
  bad_signature: {
    label: 'Bad signature',
    tone: 'red',
    why: 'The signature does not match this hook’s secret (an old secret, or a changed body).',
  },
  bad_body: { label: 'Bad body', tone: 'red', why: 'The body is not JSON the platform accepts.' },
};

export function Webhooks() {
  return (
    <>
      <IncomingHooks />
      <SigningSecrets />
    </>
  );
}

/** A value the server shows once: a read-only field with a copy button. */
function OnceDialog({
  title,
  lines,
  onClose,
}: {
  title: string;
  lines: { label: string; value: string }[];
  onClose: () => void;
}) {
  return (
    <Dialog
      title={title}
      description="Copy the secret now: it is stored encrypted and never shown again."
      onClose={onClose}
    >
      <div className="space-y-4">
        {lines.map((line) => (
          <CopyField key={line.label} {...line} />
        ))}
        <div className="flex justify-end">
          <Button variant="primary" onClick={onClose}>
            Done
          </Button>
        </div>
      </div>
    </Dialog>
  );
}

function CopyField({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Field label={label}>
      {(control) => (
        <div className="flex gap-2">
          <Input
            {...control}
            readOnly
            value={value}
            className="font-mono text-xs"
            onFocus={(event) => event.target.select()}
          />
          <Button
            icon={Copy}
            aria-label={`Copy ${label.toLowerCase()}`}
            onClick={async () => {
              await navigator.clipboard.writeText(value);
              setCopied(true);
            }}
          >
            {copied ? 'Copied' : 'Copy'}
          </Button>
        </div>
      )}
    </Field>
  );
}

function NameDialog({
  title,
  description,
  submitLabel,
  onCreate,
  onClose,
  children,
}: {
  title: string;
  description: string;
  submitLabel: string;
  onCreate: (name: string) => Promise<unknown>;
  onClose: () => void;
  children?: ReactNode;
}) {
  const [name, setName] = useState('');
  const create = useAction(() => onCreate(name.trim()));
  return (
    <FormDialog
      title={title}
      description={description}
      submitLabel={submitLabel}
      action={create}
      formError={create.error}
      onClose={onClose}
      onDone={onClose}
    >
      <TextField
        label="Name"
        value={name}
        required
        maxLength={200}
        onChange={(e) => setName(e.target.value)}
      />
      {children}
    </FormDialog>
  );
}

/** A card of things made here: its feedback, a "New …" button, and the load error, empty state or list. */
function ManagedList<T extends { id: string }>({
  title,
  description,
  newLabel,
  onNew,
  loaded,
  feedback,
  empty,
  label,
  children,
  dialogs,
}: {
  title: string;
  description: string;
  newLabel: string;
  onNew: () => void;
  loaded: Loaded<{ items: T[] }>;
  feedback: Feedback;
  empty: ReactNode;
  label: string;
  children: (item: T) => ReactNode;
  dialogs: ReactNode;
}) {
  return (
    <Card>
      <div className="px-5 pt-4 empty:hidden">
        {(feedback.notice || feedback.error !== null) && <FeedbackArea feedback={feedback} />}
      </div>
      <CardHeader
        title={title}
        description={description}
        actions={
          <Button variant="primary" icon={Plus} onClick={onNew}>
            {newLabel}
          </Button>
        }
      />
      {loaded.error ? (
        <div className="p-5">
          <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
        </div>
      ) : loaded.data?.items.length === 0 ? (
        empty
      ) : (
        <ul className="divide-y divide-neutral-100" aria-label={label}>
          {loaded.data?.items.map((item) => (
            <li key={item.id} className="px-5 py-3 text-sm">
              {children(item)}
            </li>
          ))}
        </ul>
      )}
      {dialogs}
    </Card>
  );
}

const hookUrl = (path: string) => `${window.location.origin}${path}`;

function IncomingHooks() {
  const hooks = useApi('hooks', (signal) => listHooks(signal));
  const feedback = useFeedback();
  const [isCreating, setIsCreating] = useState(false);
  const [shown, setShown] = useState<{ title: string; url: string; secret: string } | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const [leaving, setLeaving] = useState<{ id: string; name: string } | null>(null);
  const [rotating, setRotating] = useState<{ id: string; name: string } | null>(null);
  return (
    <ManagedList
      title="Incoming webhooks"
      description="Signed requests (Standard Webhooks) to these URLs start the triggers on “A webhook arrives”."
      newLabel="New incoming webhook"
      onNew={() => setIsCreating(true)}
      loaded={hooks}
      feedback={feedback}
      label="Incoming webhooks"
      empty={
        <EmptyState icon={Webhook} title="No incoming webhook">
          <p>
            Create one to get a URL and a signing secret for the system that will call it; triggers on “A
            webhook arrives” then pick it.
          </p>
        </EmptyState>
      }
      dialogs={
        <>
          {isCreating && (
            <NameDialog
              title="New incoming webhook"
              description="The calling system gets its URL and signing secret; name it after that system."
              submitLabel="Create"
              onClose={() => setIsCreating(false)}
              onCreate={async (name) => {
                const created = await createHook(name);
                hooks.reload();
                setShown({
                  title: `${created.name} is ready`,
                  url: hookUrl(created.path),
                  secret: created.secret,
                });
              }}
            />
          )}
          {rotating && (
            <ConfirmDialog
              title={`New signing secret for ${rotating.name}?`}
              confirmLabel="Replace the secret"
              onClose={() => setRotating(null)}
              onConfirm={async () => {
                const rotated = await rotateHookSecret(rotating.id);
                setShown({
                  title: `New secret of ${rotated.name}`,
                  url: hookUrl(rotated.path),
                  secret: rotated.secret,
                });
              }}
            >
              The current secret stops verifying at once: deliveries signed with it are refused until the
              sender has the new one.
            </ConfirmDialog>
          )}
          {leaving && (
            <ConfirmDialog
              title={`Delete ${leaving.name}?`}
              confirmLabel="Delete"
              onClose={() => setLeaving(null)}
              onConfirm={async () => {
                await deleteHook(leaving.id);
                hooks.reload();
                feedback.succeed(`${leaving.name} is deleted; its URL now answers 404.`);
              }}
            >
              Its URL stops accepting deliveries and its secret and delivery log are deleted. Triggers
              listening to it no longer start.
            </ConfirmDialog>
          )}
          {shown && (
            <OnceDialog
              title={shown.title}
              lines={[
                { label: 'URL', value: shown.url },
                { label: 'Signing secret', value: shown.secret },
              ]}
              onClose={() => setShown(null)}
            />
          )}
        </>
      }
    >
      {(hook) => (
        <>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <span className="font-medium text-neutral-900">{hook.name}</span>
            <code className="min-w-0 basis-full truncate text-neutral-700 sm:basis-0 sm:flex-1">
              {hookUrl(hook.path)}
            </code>
            <span className="text-neutral-500">{formatDateTime(hook.createdAt)}</span>
            <Button
              size="sm"
              aria-label={`Deliveries of ${hook.name}`}
              aria-expanded={opened === hook.id}
              onClick={() => setOpened(opened === hook.id ? null : hook.id)}
            >
              {opened === hook.id ? 'Hide deliveries' : 'Deliveries'}
            </Button>
            <Button size="sm" aria-label={`New secret for ${hook.name}`} onClick={() => setRotating(hook)}>
              New secret
            </Button>
            <Button
              size="sm"
              variant="ghost"
              aria-label={`Delete ${hook.name}`}
              onClick={() => setLeaving(hook)}
            >
              Delete
            </Button>
          </div>
          {opened === hook.id && <Deliveries hookId={hook.id} hookName={hook.name} />}
        </>
      )}
    </ManagedList>
  );
}

function Deliveries({ hookId, hookName }: { hookId: string; hookName: string }) {
  const deliveries = useApi(`deliveries:${hookId}`, (signal) => listHookDeliveries(hookId, signal));
  const items = deliveries.data?.items;
  return (
    <section aria-label={`Deliveries of ${hookName}`} className="mt-3 rounded-lg border border-neutral-200">
      <div className="flex items-center justify-between gap-3 border-b border-neutral-200 px-4 py-2">
        <h3 className="text-sm font-medium text-neutral-800">Recent deliveries</h3>
        <Button
          size="sm"
          variant="ghost"
          icon={RefreshCw}
          isPending={deliveries.isLoading}
          onClick={deliveries.reload}
        >
          Refresh
        </Button>
      </div>
      {deliveries.error ? (
        <div className="p-4">
          <ErrorAlert error={deliveries.error} onRetry={deliveries.reload} />
        </div>
      ) : items?.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-neutral-600">
          Nothing has arrived yet. Each request to the URL shows here with what verifying it found.
        </p>
      ) : (
        items && (
          <Table label={`Deliveries of ${hookName}`} aria-label={`Deliveries of ${hookName}`}>
            <thead>
              <tr>
                <Th>Received</Th>
                <Th>Result</Th>
                <Th>Message id</Th>
                <Th>Runs</Th>
              </tr>
            </thead>
            <tbody>
              {items.map((delivery) => (
                <DeliveryRow key={delivery.id} delivery={delivery} />
              ))}
            </tbody>
          </Table>
        )
      )}
    </section>
  );
}

function DeliveryRow({ delivery }: { delivery: HookDelivery }) {
  const outcome = outcomes[delivery.outcome];
  return (
    <tr>
      <Td className="whitespace-nowrap">
        <RelativeTime iso={delivery.receivedAt} />
      </Td>
      <Td>
        <Badge tone={outcome.tone}>{outcome.label}</Badge>
        <p className="mt-1 text-xs text-neutral-600">{outcome.why}</p>
      </Td>
      <Td>
        <code className="break-all text-xs">{delivery.messageId ?? '—'}</code>
      </Td>
      <Td>{delivery.eventId ? delivery.runs : '—'}</Td>
    </tr>
  );
}

function SigningSecrets() {
  const secrets = useApi('secrets', (signal) => listSecrets(signal));
  const feedback = useFeedback();
  const [isCreating, setIsCreating] = useState(false);
  const [shown, setShown] = useState<{ title: string; value: string } | null>(null);
  const [rotating, setRotating] = useState<{ id: string; name: string } | null>(null);
  const [leaving, setLeaving] = useState<{ id: string; name: string } | null>(null);
  return (
    <ManagedList
      title="Outgoing webhook signing secrets"
      description="“Call a webhook” actions sign with these (Standard Webhooks), so receivers can check a call came from here."
      newLabel="New signing secret"
      onNew={() => setIsCreating(true)}
      loaded={secrets}
      feedback={feedback}
      label="Signing secrets"
      empty={
        <EmptyState icon={KeyRound} title="No signing secret">
          <p>Create one per receiving system, give it to them, then pick it in a trigger's webhook action.</p>
        </EmptyState>
      }
      dialogs={
        <>
          {isCreating && (
            <SecretDialog
              onClose={() => setIsCreating(false)}
              onCreated={(created) => {
                secrets.reload();
                if (created.value) setShown({ title: `${created.name} is ready`, value: created.value });
                else feedback.succeed(`${created.name} is stored encrypted.`);
              }}
            />
          )}
          {rotating && (
            <ConfirmDialog
              title={`Rotate ${rotating.name}?`}
              confirmLabel="Rotate"
              onClose={() => setRotating(null)}
              onConfirm={async () => {
                const rotated = await rotateSecret(rotating.id);
                setShown({ title: `New value of ${rotated.name}`, value: rotated.value ?? '' });
              }}
            >
              Calls from now on are signed with a new value; receivers refuse them until they have it.
            </ConfirmDialog>
          )}
          {leaving && (
            <ConfirmDialog
              title={`Delete ${leaving.name}?`}
              confirmLabel="Delete"
              onClose={() => setLeaving(null)}
              onConfirm={async () => {
                await deleteSecret(leaving.id);
                secrets.reload();
                feedback.succeed(`${leaving.name} is deleted.`);
              }}
            >
              Drafts that still pick it will fail to sign when published; no live trigger uses it.
            </ConfirmDialog>
          )}
          {shown && (
            <OnceDialog
              title={shown.title}
              lines={[{ label: 'Signing secret', value: shown.value }]}
              onClose={() => setShown(null)}
            />
          )}
        </>
      }
    >
      {(secret) => (
        <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
          <div className="min-w-0 basis-full sm:basis-0 sm:flex-1">
            <p className="font-medium text-neutral-900">{secret.name}</p>
            <p className="text-neutral-600">
              {secret.usedBy.length === 0 ? (
                'No live trigger signs with it.'
              ) : (
                <>
                  Signs for{' '}
                  {secret.usedBy.map((user, index) => (
                    <span key={user.documentId}>
                      {index > 0 && ', '}
                      <Link
                        className="font-medium text-indigo-700 hover:underline"
                        to={documentPath('trigger', user.documentId)}
                      >
                        {user.name}
                      </Link>
                    </span>
                  ))}
                </>
              )}
            </p>
          </div>
          <span className="text-neutral-500">{formatDateTime(secret.createdAt)}</span>
          <Button size="sm" aria-label={`Rotate ${secret.name}`} onClick={() => setRotating(secret)}>
            Rotate
          </Button>
          <Button
            size="sm"
            variant="ghost"
            disabled={secret.usedBy.length > 0}
            title={secret.usedBy.length > 0 ? 'Live triggers sign with it' : undefined}
            aria-label={`Delete ${secret.name}`}
            onClick={() => setLeaving(secret)}
          >
            Delete
          </Button>
        </div>
      )}
    </ManagedList>
  );
}

function SecretDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (created: { name: string; value?: string }) => void;
}) {
  const [value, setValue] = useState('');
  return (
    <NameDialog
      title="New signing secret"
      description="Leave the value empty to generate one (shown once), or paste the one the receiver gave you."
      submitLabel="Create"
      onClose={onClose}
      onCreate={async (name) => onCreated(await createSecret({ name, value: value || undefined }))}
    >
      <TextField
        label="Value (optional)"
        type="password"
        autoComplete="off"
        help="Empty: a Standard Webhooks secret (whsec_…) is generated."
        value={value}
        onChange={(event) => setValue(event.target.value)}
      />
    </NameDialog>
  );
}
