import type { ReactNode } from 'react';

/** A form that the app validates itself (shared schemas, server answers), so the browser's bubbles stay off. */
export function Form({
  onSubmit,
  className = 'space-y-5',
  children,
}: {
  onSubmit: () => void;
  className?: string;
  children: ReactNode;
}) {
  return (
    <form
      noValidate
      className={className}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      {children}
    </form>
  );
}
