import { Link } from '../components/link.js';
import { PageTitle } from '../components/page-title.js';

export function NotFoundPage() {
  return (
    <>
      <PageTitle title="Page not found" />
      <p>
        There is no such page. <Link href="/">See all flags</Link>.
      </p>
    </>
  );
}
