import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { createRouter } from './router';
import { SessionProvider } from './session';

export function App() {
  const [router] = useState(createRouter);
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
