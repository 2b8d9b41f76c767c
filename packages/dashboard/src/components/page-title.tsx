import { useEffect, type ReactNode } from 'react';

/** The page's one h1, also the document title. Focusable so navigation can move focus here. */
export function PageTitle({
  title,
  children,
}: {
  readonly title: string;
  readonly children?: ReactNode;
}) {
  useEffect(() => {
    document.title = `${title} · Ramp`;
  }, [title]);
  return (
    <h1 tabIndex={-1} className="page-title">
      {children ?? title}
    </h1>
  );
}
