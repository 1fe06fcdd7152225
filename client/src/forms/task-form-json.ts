// A task form as the console reads it (a draft or a version): the parts the renderer and pickers use.
export interface TaskFormField {
  id: string;
  key: string;
  label: string;
  type: string;
  helpText?: string;
  required?: boolean;
  placeholder?: string;
  options?: { id: string; value: string; label: string }[];
}
export interface TaskFormJson {
  title: string;
  description: string;
  fields: TaskFormField[];
}

/** Reads the parts of a task form JSON the console uses; anything missing becomes empty. */
export function toTaskFormJson(json: unknown): TaskFormJson {
  const raw = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  const fields = Array.isArray(raw.fields) ? (raw.fields as TaskFormField[]) : [];
  return {
    title: typeof raw.title === 'string' ? raw.title : '',
    description: typeof raw.description === 'string' ? raw.description : '',
    fields: fields.filter((field) => typeof field?.key === 'string' && typeof field.type === 'string'),
  };
}
