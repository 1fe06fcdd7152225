import { type TaskForm, valueFieldKeys } from '@erp/shared/documents';
import type { FormFacts } from '@erp/shared/flows';
import { useEffect, useMemo, useRef, useState } from 'react';
import * as documentsApi from '../../../api/documents';
import { useApi } from '../../../api/use-api';
import { readDocumentOnce } from '../../../collab';
import { readDraftForm } from '../../../forms/draft-form';

export interface FormCatalog {
  /** Task forms to pick from (id, name); undefined while loading. */
  forms: { id: string; name: string }[] | undefined;
  formsError: unknown;
  /** A used form's draft, once read; undefined while loading or when it cannot be read. */
  formOf(formId: string): TaskForm | undefined;
  facts: FormFacts;
}

/** The task forms a flow can use, and the drafts of the ones its levels use (for fields and the simulator). */
export function useFormCatalog(usedFormIds: string[]): FormCatalog {
  const list = useApi('taskForms', (signal) =>
    documentsApi.listDocuments({ kind: 'taskForm', limit: 200 }, signal),
  );
  const [drafts, setDrafts] = useState<ReadonlyMap<string, TaskForm | null>>(new Map());
  const key = [...new Set(usedFormIds)].sort().join(',');

  const requested = useRef(new Set<string>());
  const isMounted = useRef(true);
  useEffect(() => {
    isMounted.current = true;
    return () => {
      isMounted.current = false;
    };
  }, []);

  useEffect(() => {
    for (const formId of key ? key.split(',') : []) {
      if (requested.current.has(formId)) continue;
      requested.current.add(formId);
      const store = (form: TaskForm | null) =>
        isMounted.current && setDrafts((previous) => new Map(previous).set(formId, form));
      readDocumentOnce('taskForm', formId).then(
        (json) => store(readDraftForm(json)),
        () => store(null),
      );
    }
  }, [key]);

  return useMemo(() => {
    const formOf = (formId: string) => drafts.get(formId) ?? undefined;
    return {
      forms: list.data?.items.map((item) => ({ id: item.id, name: item.name })),
      formsError: list.error,
      formOf,
      // Field checks stay quiet for a form that could not be read; the publish work adds isFormPublished.
      facts: {
        fieldKeys: (formId) => {
          const form = formOf(formId);
          return form && valueFieldKeys(form.fields);
        },
      },
    };
  }, [list.data, list.error, drafts]);
}
