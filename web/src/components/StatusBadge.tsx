/** A small coloured label for canvas and template statuses. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-testid="status-badge">
      {status.toLowerCase().replace(/_/g, ' ')}
    </span>
  );
}
