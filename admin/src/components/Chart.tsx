import type { ReactElement } from 'react';
import { ResponsiveContainer } from 'recharts';

/** A chart in a titled figure; the numbers behind it are in the tables and KPIs for screen readers. */
export function Chart({ title, children }: { title: string; children: ReactElement }) {
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <ResponsiveContainer width="100%" height={240}>
        {children}
      </ResponsiveContainer>
    </figure>
  );
}
