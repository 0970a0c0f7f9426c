import { Link } from 'react-router-dom';

/** The product mark and name, linking home. */
export function Brand({ to = '/' }: { to?: string }) {
  return (
    <Link to={to} className="rd-brand" data-testid="brand">
      <span className="rd-brand-mark">R</span>
      Redress
    </Link>
  );
}
